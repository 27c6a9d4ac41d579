import 'reflect-metadata';
import { loadConfig, runService } from '@switchyard/platform';
import { AuditModule } from './audit.module';
import { auditConfigSpec } from './config';

async function main(): Promise<void> {
  const config = loadConfig(auditConfigSpec);
  await runService({
    service: 'audit',
    module: (runtime) => AuditModule.register(config, runtime),
    http: { host: config.httpHost, port: config.httpPort },
    logLevel: config.logLevel,
    shutdown: { graceMs: config.shutdownGraceMs, timeoutMs: config.shutdownTimeoutMs },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', service: 'audit', msg: 'failed to start', err: String(error instanceof Error ? error.stack : error) })}\n`,
  );
  process.exit(1);
});
