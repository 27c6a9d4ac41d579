import type { Migration } from '../migrations/migration';

const ADD_AUDIO = 'ADD COLUMN audio_input_tokens UInt64 DEFAULT 0, ADD COLUMN audio_output_tokens UInt64 DEFAULT 0';

/**
 * The usage ledger (migration 5): audio tokens split out of input and output
 * on both raw tables, and the provider credential an attempt ran with, which
 * usage reconciliation groups by (per credential and day, against the
 * provider's own usage API). Rollups are unchanged: reconciliation reads the
 * raw attempts, which are kept for the whole raw retention.
 */
export const LEDGER_MIGRATION: Migration = {
  version: 5,
  name: 'audio tokens and the provider credential on raw usage',
  statements: [
    `ALTER TABLE {db}.usage_events ${ADD_AUDIO}, ADD COLUMN credential_ref String DEFAULT ''`,
    `ALTER TABLE {db}.request_events ${ADD_AUDIO}`,
  ],
};
