import 'reflect-metadata';
import { loadSettings, runService } from '@switchyard/platform';
import { MeteringModule } from './metering.module';
import { meteringSettingsSpec } from './settings';

async function main(): Promise<void> {
  const settings = loadSettings(meteringSettingsSpec);
  await runService({
    service: 'metering',
    module: (runtime) => MeteringModule.register(settings, runtime),
    http: { host: settings.httpHost, port: settings.httpPort },
    logLevel: settings.logLevel,
    identity: settings,
    shutdown: { graceMs: settings.shutdownGraceMs, timeoutMs: settings.shutdownTimeoutMs },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', service: 'metering', msg: 'failed to start', err: String(error instanceof Error ? error.stack : error) })}\n`,
  );
  process.exit(1);
});
