import 'reflect-metadata';
import { loadSettings, runService } from '@switchyard/platform';
import { ProviderAdaptersModule } from './adapters.module';
import { providerAdaptersSettingsSpec } from './settings';

async function main(): Promise<void> {
  const settings = loadSettings(providerAdaptersSettingsSpec);
  await runService({
    service: 'provider-adapters',
    module: (runtime) => ProviderAdaptersModule.register(settings, runtime),
    http: { host: settings.httpHost, port: settings.httpPort },
    logLevel: settings.logLevel,
    identity: settings,
    shutdown: { graceMs: settings.shutdownGraceMs, timeoutMs: settings.shutdownTimeoutMs },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', service: 'provider-adapters', msg: 'failed to start', err: String(error instanceof Error ? error.stack : error) })}\n`,
  );
  process.exit(1);
});
