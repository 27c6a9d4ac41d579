import type { ClickHouseClient } from '@clickhouse/client';
import { DynamicModule, Module } from '@nestjs/common';
import { LOG, Log, RUNTIME, ServiceRuntime, SETTINGS, withLifecycle } from '@switchyard/platform';
import { createClickHouse } from './clickhouse-client';
import { ClickHouseHealth } from './clickhouse-health';
import type { ClickHouseSettings } from './clickhouse-settings';
import type { MigrationSet } from './migrations/migration';
import { runMigrations } from './migrations/run-migrations';

/** The service's ClickHouse client. */
export const CLICKHOUSE = Symbol('switchyard.clickhouse');
/** Resolves once the schema is migrated; a provider that reads or writes tables injects it to start after. */
export const CLICKHOUSE_MIGRATIONS = Symbol('switchyard.clickhouse-migrations');

/**
 * A ClickHouse service's first module: the client, its health for /readyz,
 * then the schema migrations. Provides CLICKHOUSE and CLICKHOUSE_MIGRATIONS.
 */
@Module({})
export class ClickHouseModule {
  static forSchema(schema: MigrationSet): DynamicModule {
    const HEALTH = Symbol('switchyard.clickhouse-health');
    return {
      module: ClickHouseModule,
      providers: [
        { provide: CLICKHOUSE, inject: [SETTINGS], useFactory: (settings: ClickHouseSettings) => createClickHouse(settings) },
        {
          provide: HEALTH,
          inject: [CLICKHOUSE, RUNTIME],
          useFactory: (clickhouse: ClickHouseClient, runtime: ServiceRuntime) => {
            // Stopping it closes the client, so it stops last.
            const check = new ClickHouseHealth(clickhouse);
            runtime.readiness.register('clickhouse', () => check.isHealthy());
            return withLifecycle(check, runtime.log);
          },
        },
        {
          provide: CLICKHOUSE_MIGRATIONS,
          inject: [CLICKHOUSE, HEALTH, SETTINGS, LOG],
          useFactory: (clickhouse: ClickHouseClient, _health: unknown, settings: ClickHouseSettings, log: Log) =>
            withLifecycle(
              {
                name: 'clickhouse-migrations',
                stopPhase: 'outlet',
                start: async () => void (await runMigrations(clickhouse, settings.clickhouseDatabase, schema, log)),
                stop: async () => undefined,
              },
              log,
            ),
        },
      ],
      exports: [CLICKHOUSE, CLICKHOUSE_MIGRATIONS],
    };
  }
}
