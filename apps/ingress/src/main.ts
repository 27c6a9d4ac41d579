import 'reflect-metadata';
import { loadConfig, runService } from '@switchyard/platform';
import { IngressModule } from './ingress.module';
import { ingressConfigSpec } from './config';

async function main(): Promise<void> {
  const config = loadConfig(ingressConfigSpec);
  await runService({
    service: 'ingress',
    module: (runtime) => IngressModule.register(config, runtime),
    http: { host: config.httpHost, port: config.httpPort, bodyLimitBytes: config.maxBodyBytes, trustedProxies: config.trustedProxies },
    logLevel: config.logLevel,
    shutdown: { graceMs: config.shutdownGraceMs, timeoutMs: config.shutdownTimeoutMs },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', service: 'ingress', msg: 'failed to start', err: String(error instanceof Error ? error.stack : error) })}\n`,
  );
  process.exit(1);
});
