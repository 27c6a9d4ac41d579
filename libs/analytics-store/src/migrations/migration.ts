/**
 * A versioned schema change. Statements use {db} for the database name and
 * must run on ClickHouse 18.16 and on current releases alike (no TTL, Map,
 * DateTime64, parameters or WITH-CTEs; retention by dropping day partitions).
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

export interface MigrationSet {
  /** Owner of the tables, e.g. "metering"; each set keeps its own history table. */
  readonly owner: string;
  readonly migrations: readonly Migration[];
}

export function renderStatement(statement: string, database: string): string {
  return statement.replace(/\{db\}/g, database);
}
