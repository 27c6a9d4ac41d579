import 'reflect-metadata';
import { loadConfig, runService } from '@switchyard/platform';
import { BudgetEnforcerModule } from './budget-enforcer.module';
import { budgetEnforcerConfigSpec } from './config';

async function main(): Promise<void> {
  const config = loadConfig(budgetEnforcerConfigSpec);
  await runService({
    service: 'budget-enforcer',
    module: (runtime) => BudgetEnforcerModule.register(config, runtime),
    http: { host: config.httpHost, port: config.httpPort },
    logLevel: config.logLevel,
    shutdown: { graceMs: config.shutdownGraceMs, timeoutMs: config.shutdownTimeoutMs },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', service: 'budget-enforcer', msg: 'failed to start', err: String(error instanceof Error ? error.stack : error) })}\n`,
  );
  process.exit(1);
});
