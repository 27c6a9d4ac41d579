export * from './clickhouse-client';
export * from './clickhouse-config';
export * from './idempotent-insert';
export * from './migrations/migration';
export * from './migrations/run-migrations';
export * from './schemas/audit-schema';
export * from './schemas/usage-schema';
export * from './sql/sql-literals';
