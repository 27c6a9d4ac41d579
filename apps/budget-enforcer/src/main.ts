import 'reflect-metadata';
import { loadSettings, runService } from '@switchyard/platform';
import { BudgetEnforcerModule } from './budget-enforcer.module';
import { budgetEnforcerSettingsSpec } from './settings';

async function main(): Promise<void> {
  const settings = loadSettings(budgetEnforcerSettingsSpec);
  await runService({
    service: 'budget-enforcer',
    module: (runtime) => BudgetEnforcerModule.register(settings, runtime),
    http: { host: settings.httpHost, port: settings.httpPort },
    logLevel: settings.logLevel,
    identity: settings,
    shutdown: { graceMs: settings.shutdownGraceMs, timeoutMs: settings.shutdownTimeoutMs },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', service: 'budget-enforcer', msg: 'failed to start', err: String(error instanceof Error ? error.stack : error) })}\n`,
  );
  process.exit(1);
});
