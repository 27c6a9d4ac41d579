import 'reflect-metadata';
import { loadSettings, runService } from '@switchyard/platform';
import { AuditModule } from './audit.module';
import { auditSettingsSpec } from './settings';

async function main(): Promise<void> {
  const settings = loadSettings(auditSettingsSpec);
  await runService({
    service: 'audit',
    module: (runtime) => AuditModule.register(settings, runtime),
    http: { host: settings.httpHost, port: settings.httpPort },
    logLevel: settings.logLevel,
    identity: settings,
    shutdown: { graceMs: settings.shutdownGraceMs, timeoutMs: settings.shutdownTimeoutMs },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', service: 'audit', msg: 'failed to start', err: String(error instanceof Error ? error.stack : error) })}\n`,
  );
  process.exit(1);
});
