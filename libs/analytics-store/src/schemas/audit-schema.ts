import type { MigrationSet } from '../migrations/migration';

/**
 * The audit log: append-only (plain MergeTree, never updated by Switchyard),
 * one row per control-plane change, in one platform-wide hash chain (seq,
 * prev_hash, hash) and one chain per tenant (tenant_seq, tenant_prev_hash,
 * tenant_hash). Hashes are HMAC-SHA256 under a key derived from the KEK named
 * by mac_key_id, computed by the audit service (libs/audit-log).
 */
export const AUDIT_SCHEMA: MigrationSet = {
  owner: 'audit',
  migrations: [
    {
      version: 1,
      name: 'hash-chained audit log',
      statements: [
        `CREATE TABLE IF NOT EXISTS {db}.audit_log (
          seq UInt64,
          event_id String,
          occurred_at_ms UInt64,
          ts DateTime('UTC') MATERIALIZED toDateTime(intDiv(occurred_at_ms, 1000), 'UTC'),
          recorded_at_ms UInt64,
          chain_tenant_id String,
          tenant_seq UInt64,
          actor_kind String,
          actor_id String,
          actor_tenant_id String,
          source_ip String,
          request_id String,
          operation String,
          action String,
          entity_kind String,
          entity_key String,
          before_json String,
          after_json String,
          mac_key_id String,
          prev_hash String,
          hash String,
          tenant_prev_hash String,
          tenant_hash String
        ) ENGINE = MergeTree
        ORDER BY seq`,
      ],
    },
  ],
};
