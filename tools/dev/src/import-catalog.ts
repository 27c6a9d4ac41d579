import { kafkaSettingsSpec } from '@switchyard/event-bus';
import { loadSettings } from '@switchyard/platform';
import { resolve } from 'node:path';
import { CatalogImportError, importCatalog } from './catalog-import';

/**
 * `npm run catalog:import -- --file=deploy/catalog/models.json --var=MOCK_PROVIDER_URL=http://127.0.0.1:18080`
 * Imports a model catalog into the config log of the Kafka in KAFKA_BROKERS /
 * KAFKA_TOPIC_PREFIX, writing only what changed.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const file = args.find((a) => a.startsWith('--file='))?.slice('--file='.length) ?? 'deploy/catalog/models.json';
  const vars: Record<string, string> = {};
  for (const a of args.filter((x) => x.startsWith('--var='))) {
    const [name, ...value] = a.slice('--var='.length).split('=');
    if (!name || value.length === 0) throw new Error(`--var needs NAME=value, got ${a}`);
    vars[name] = value.join('=');
  }
  const settings = loadSettings(kafkaSettingsSpec);
  const result = await importCatalog(settings, resolve(process.cwd(), file), { ...processVars(), ...vars });
  const lines = [
    `catalog ${file} version ${result.version}: ${result.written.length} written, ${result.unchanged} unchanged`,
    ...result.written.map((w) => `  wrote ${w}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** MOCK_PROVIDER_URL and friends may also come from the environment. */
function processVars(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => /^[A-Z0-9_]+$/.test(e[0]) && e[1] !== undefined),
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof CatalogImportError ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
