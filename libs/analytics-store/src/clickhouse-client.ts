import { ClickHouseClient, createClient } from '@clickhouse/client';
import type { ClickHouseSettings } from './clickhouse-settings';

export function createClickHouse(settings: ClickHouseSettings): ClickHouseClient {
  return createClient({
    url: settings.clickhouseUrl,
    username: settings.clickhouseUser,
    password: settings.clickhousePassword,
    request_timeout: 30_000,
    max_open_connections: 8,
    keep_alive: { enabled: true },
    clickhouse_settings: {
      // 64-bit integers as JSON numbers; every count we read fits a double exactly.
      output_format_json_quote_64bit_integers: 0,
    },
  });
}

/** A cheap liveness probe: GET /ping. */
export async function clickhousePing(client: ClickHouseClient): Promise<boolean> {
  const result = await client.ping();
  return result.success;
}
