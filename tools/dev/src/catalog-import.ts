import { ConfigSync } from '@switchyard/config-sync';
import { createKafka, ensureTopics, KafkaSettings, TOPICS, topicName } from '@switchyard/event-bus';
import { createLogger } from '@switchyard/platform';
import { catalogChanges, ConfigEntity, parseCatalog } from '@switchyard/routing';
import { readFileSync } from 'node:fs';
import { openConfigLogWriter } from './config-log-writer';

export interface CatalogImportResult {
  readonly version: string;
  /** "deployment mock-gpt-4o-us", "alias chat-default", ... */
  readonly written: readonly string[];
  readonly unchanged: number;
}

export class CatalogImportError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`The catalog ${file} was not imported:\n  - ${problems.join('\n  - ')}`);
    this.name = 'CatalogImportError';
  }
}

/**
 * Brings the config log in line with a catalog file: replays the config
 * topic (the only state there is), then writes config events for the
 * entities that are new or changed, and nothing else. Running it again with
 * the same file writes nothing. A bad file writes nothing at all.
 */
export async function importCatalog(
  settings: KafkaSettings,
  file: string,
  vars: Readonly<Record<string, string>> = {},
): Promise<CatalogImportResult> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CatalogImportError(file, [error instanceof Error ? error.message : String(error)]);
  }
  const parsed = parseCatalog(json, vars);
  if (!parsed.ok) throw new CatalogImportError(file, parsed.problems);

  const log = createLogger({ service: 'catalog-import', instance: String(process.pid), level: 'warn' });
  const kafka = createKafka(settings, 'switchyard-catalog-import', log);
  await ensureTopics(kafka, settings.kafkaTopicPrefix, [TOPICS.config]);
  const sync = new ConfigSync(kafka, topicName(settings.kafkaTopicPrefix, TOPICS.config), 'catalog-import', log);
  await sync.start();
  try {
    const plan = catalogChanges(parsed.document, sync.state, Date.now());
    if (!plan.ok) throw new CatalogImportError(file, plan.problems);
    if (plan.changes.length > 0) {
      const { writer, close } = await openConfigLogWriter(settings, 'switchyard-catalog-import', 'catalog-import');
      try {
        for (const entity of plan.changes)
          await writer.write(entity, { kind: 'operator', id: `catalog-import:${parsed.document.version}` });
      } finally {
        await close();
      }
    }
    return { version: parsed.document.version, written: plan.changes.map(describe), unchanged: plan.unchanged };
  } finally {
    await sync.stop();
  }
}

function describe(entity: ConfigEntity): string {
  switch (entity.$case) {
    case 'deployment':
      return `deployment ${entity.deployment.id}`;
    case 'routingPolicy':
      return `policy ${entity.routingPolicy.id}`;
    case 'alias':
      return `alias ${entity.alias.tenantId ? `${entity.alias.tenantId}/` : ''}${entity.alias.id}`;
    case 'experiment':
      return `experiment ${entity.experiment.id}`;
    default:
      return entity.$case;
  }
}
