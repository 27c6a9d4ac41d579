import { stringVar } from '@switchyard/platform';

export const clickhouseSettingsSpec = {
  clickhouseUrl: stringVar('CLICKHOUSE_URL', 'ClickHouse HTTP endpoint', { default: 'http://127.0.0.1:18123' }),
  clickhouseDatabase: stringVar('CLICKHOUSE_DATABASE', 'ClickHouse database holding Switchyard tables', { default: 'switchyard' }),
  clickhouseUser: stringVar('CLICKHOUSE_USER', 'ClickHouse user', { default: 'default' }),
  clickhousePassword: stringVar('CLICKHOUSE_PASSWORD', 'ClickHouse password', { default: '', secret: true }),
};

export interface ClickHouseSettings {
  readonly clickhouseUrl: string;
  readonly clickhouseDatabase: string;
  readonly clickhouseUser: string;
  readonly clickhousePassword: string;
}
