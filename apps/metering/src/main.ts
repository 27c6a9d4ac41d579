import 'reflect-metadata';
import { loadConfig, runService } from '@switchyard/platform';
import { MeteringModule } from './metering.module';
import { meteringConfigSpec } from './config';

async function main(): Promise<void> {
  const config = loadConfig(meteringConfigSpec);
  await runService({
    service: 'metering',
    module: (runtime) => MeteringModule.register(config, runtime),
    http: { host: config.httpHost, port: config.httpPort },
    logLevel: config.logLevel,
    shutdown: { graceMs: config.shutdownGraceMs, timeoutMs: config.shutdownTimeoutMs },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', service: 'metering', msg: 'failed to start', err: String(error instanceof Error ? error.stack : error) })}\n`,
  );
  process.exit(1);
});
