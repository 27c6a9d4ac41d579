import type { ClickHouseClient } from '@clickhouse/client';
import type { Log } from '@switchyard/platform';
import { identifier, integerLiteral, stringLiteral } from '../sql/sql-literals';
import { MigrationSet, renderStatement } from './migration';

export interface MigrationResult {
  applied: number[];
  alreadyApplied: number[];
}

/**
 * Applies the set's migrations not yet recorded, in version order. Statements
 * are written to be re-runnable (IF NOT EXISTS), so two replicas starting at
 * once at worst both apply the same migration harmlessly.
 */
export async function runMigrations(client: ClickHouseClient, database: string, set: MigrationSet, log: Log): Promise<MigrationResult> {
  const db = identifier(database);
  const history = `${db}.${identifier(`schema_migrations_${set.owner}`)}`;
  await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${db}` });
  await client.command({
    query: `CREATE TABLE IF NOT EXISTS ${history} (version UInt32, name String, applied_at_ms UInt64) ENGINE = MergeTree ORDER BY version`,
  });
  const rows = await (
    await client.query({ query: `SELECT version FROM ${history}`, format: 'JSONEachRow' })
  ).json<{ version: number | string }>();
  const done = new Set(rows.map((r) => Number(r.version)));
  const result: MigrationResult = { applied: [], alreadyApplied: [] };
  for (const migration of [...set.migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(migration.version)) {
      result.alreadyApplied.push(migration.version);
      continue;
    }
    for (const statement of migration.statements) {
      await client.command({ query: renderStatement(statement, db) });
    }
    await client.command({
      query: `INSERT INTO ${history} (version, name, applied_at_ms) VALUES (${integerLiteral(migration.version)}, ${stringLiteral(migration.name)}, ${integerLiteral(Date.now())})`,
    });
    result.applied.push(migration.version);
    log.info({ owner: set.owner, version: migration.version, name: migration.name }, 'applied ClickHouse migration');
  }
  return result;
}
