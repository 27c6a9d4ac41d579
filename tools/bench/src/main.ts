import { formatTable } from './print-table';
import type { BenchScenario } from './scenario';
import { audioFirstByte } from './scenarios/audio-first-byte';
import { failover } from './scenarios/failover';
import { gatewayOverhead } from './scenarios/gateway-overhead';
import { meteringLag } from './scenarios/metering-lag';
import { piiRedaction } from './scenarios/pii-redaction';
import { providerWire } from './scenarios/provider-wire';
import { responsesCpu } from './scenarios/responses-cpu';
import { routingHotPath } from './scenarios/routing-hot-path';

const SCENARIOS: readonly BenchScenario[] = [
  gatewayOverhead,
  failover,
  routingHotPath,
  providerWire,
  piiRedaction,
  meteringLag,
  responsesCpu,
  audioFirstByte,
];

async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  const scenario = SCENARIOS.find((s) => s.name === name);
  if (!scenario) {
    process.stdout.write(
      `usage: npm run bench -- <scenario> [--key=value ...]\n\n${SCENARIOS.map((s) => `  ${s.name.padEnd(24)} ${s.description}`).join('\n')}\n`,
    );
    process.exit(name ? 2 : 0);
  }
  const args = Object.fromEntries(
    rest
      .map((a) => /^--([^=]+)=(.*)$/.exec(a))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1], m[2]]),
  );
  const started = Date.now();
  const tables = await scenario.run({ args, progress: (m) => process.stderr.write(`[${scenario.name}] ${m}\n`) });
  process.stdout.write(
    `# ${scenario.name} (${new Date().toISOString()}, ${Math.round((Date.now() - started) / 1000)}s)\n\n${tables.map(formatTable).join('\n')}`,
  );
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
