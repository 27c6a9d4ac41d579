import 'reflect-metadata';
import { loadConfig, runService } from '@switchyard/platform';
import { RouterModule } from './router.module';
import { routerConfigSpec } from './config';

async function main(): Promise<void> {
  const config = loadConfig(routerConfigSpec);
  await runService({
    service: 'router',
    module: (runtime) => RouterModule.register(config, runtime),
    http: { host: config.httpHost, port: config.httpPort },
    logLevel: config.logLevel,
    shutdown: { graceMs: config.shutdownGraceMs, timeoutMs: config.shutdownTimeoutMs },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', service: 'router', msg: 'failed to start', err: String(error instanceof Error ? error.stack : error) })}\n`,
  );
  process.exit(1);
});
