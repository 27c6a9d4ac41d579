import { createHmac, hkdfSync } from 'node:crypto';
import { canonicalEntry } from './audit-entry';
import type { AuditFacts, AuditRow } from './audit-entry';

/** The genesis "previous hash" of every chain. */
export const GENESIS = '0'.repeat(64);

/**
 * MAC keys for the chain, derived from the key-encryption keys (HKDF-SHA256):
 * someone who can write to ClickHouse but does not hold a KEK cannot re-forge
 * the chain after editing a row. Old KEKs stay configured, so old rows verify.
 */
export class ChainKeys {
  private readonly keys = new Map<string, Buffer>();

  constructor(
    keks: ReadonlyMap<string, Buffer>,
    readonly currentId: string,
  ) {
    for (const [id, kek] of keks) this.keys.set(id, Buffer.from(hkdfSync('sha256', kek, 'switchyard-audit-chain', 'v1', 32)));
    if (!this.keys.has(currentId)) throw new Error(`unknown chain key id ${currentId}`);
  }

  mac(keyId: string, previous: string, canonical: string): string | undefined {
    const key = this.keys.get(keyId);
    return key ? createHmac('sha256', key).update(previous).update('\n').update(canonical).digest('hex') : undefined;
  }
}

export interface ChainTail {
  seq: number;
  hash: string;
}

/** Places facts at the end of the platform chain and its tenant's chain. Mutates the tails. */
export function appendLink(facts: AuditFacts, global: ChainTail, tenant: ChainTail, keys: ChainKeys, recordedAtMs: number): AuditRow {
  const base = { ...facts, seq: global.seq + 1, tenant_seq: tenant.seq + 1, recorded_at_ms: recordedAtMs, mac_key_id: keys.currentId };
  const canonical = canonicalEntry(base);
  const row: AuditRow = {
    ...base,
    prev_hash: global.hash,
    hash: keys.mac(keys.currentId, global.hash, canonical) ?? '',
    tenant_prev_hash: tenant.hash,
    tenant_hash: keys.mac(keys.currentId, tenant.hash, canonical) ?? '',
  };
  global.seq = row.seq;
  global.hash = row.hash;
  tenant.seq = row.tenant_seq;
  tenant.hash = row.tenant_hash;
  return row;
}

export interface Verification {
  intact: boolean;
  entriesChecked: number;
  /** seq (the platform-wide number) of the first entry that does not verify; 0 when intact. */
  firstBrokenSeq: number;
  detail: string;
}

/**
 * Walks rows in chain order (seq, or tenant_seq for a tenant chain) and
 * reports the first that breaks it: a gap or repeat in numbering, a previous
 * hash that isn't the one before, or a MAC that doesn't match the content.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private previous = GENESIS;
  private checked = 0;
  private broken: Verification | undefined;

  constructor(
    private readonly keys: ChainKeys,
    private readonly chain: 'platform' | 'tenant',
  ) {}

  /** Feed rows in order; returns false once the chain is broken (stop feeding). */
  check(row: AuditRow): boolean {
    if (this.broken) return false;
    this.checked += 1;
    const [n, prev, hash] =
      this.chain === 'platform' ? [row.seq, row.prev_hash, row.hash] : [row.tenant_seq, row.tenant_prev_hash, row.tenant_hash];
    const where = this.chain === 'platform' ? `seq ${row.seq}` : `tenant_seq ${row.tenant_seq} (seq ${row.seq})`;
    let problem: string | undefined;
    if (n !== this.expectedSeq)
      problem =
        n < this.expectedSeq ? `${where} repeats an earlier number` : `${where} follows ${this.expectedSeq - 1}: entries are missing`;
    else if (prev !== this.previous) problem = `${where} does not link to the entry before it`;
    else {
      const expected = this.keys.mac(row.mac_key_id, prev, canonicalEntry(row));
      if (expected === undefined) problem = `${where} is signed with an unknown key '${row.mac_key_id}'`;
      else if (expected !== hash) problem = `${where} was altered: its content does not match its hash`;
    }
    if (problem) {
      this.broken = { intact: false, entriesChecked: this.checked, firstBrokenSeq: row.seq, detail: problem };
      return false;
    }
    this.expectedSeq = n + 1;
    this.previous = hash;
    return true;
  }

  result(): Verification {
    return this.broken ?? { intact: true, entriesChecked: this.checked, firstBrokenSeq: 0, detail: `${this.checked} entries verified` };
  }
}
