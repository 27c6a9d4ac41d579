import 'reflect-metadata';
import { loadConfig, runService } from '@switchyard/platform';
import { ProviderAdaptersModule } from './adapters.module';
import { providerAdaptersConfigSpec } from './config';

async function main(): Promise<void> {
  const config = loadConfig(providerAdaptersConfigSpec);
  await runService({
    service: 'provider-adapters',
    module: (runtime) => ProviderAdaptersModule.register(config, runtime),
    http: { host: config.httpHost, port: config.httpPort },
    logLevel: config.logLevel,
    shutdown: { graceMs: config.shutdownGraceMs, timeoutMs: config.shutdownTimeoutMs },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', service: 'provider-adapters', msg: 'failed to start', err: String(error instanceof Error ? error.stack : error) })}\n`,
  );
  process.exit(1);
});
