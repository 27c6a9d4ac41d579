import type { IncomingHttpHeaders } from 'node:http';
import { shortHash } from './determinism';

export type FamilyName = 'openai' | 'anthropic' | 'gemini' | 'bedrock' | 'ollama';

export interface JournalEntry {
  seq: number;
  receivedAt: string;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body: unknown;
  deployment: string | null;
  format: FamilyName | null;
  /** Status the mock answered with (or 200 for a stream that was started). */
  status: number | null;
}

const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'api-key',
  'x-api-key',
  'x-goog-api-key',
  'cookie',
  'x-amz-security-token',
]);
const SECRET_QUERY = new Set(['key', 'api-key', 'api_key']);

/** Keeps the scheme (Bearer, AWS4-HMAC-SHA256) readable but never the secret itself. */
export function maskSecret(value: string): string {
  const space = value.indexOf(' ');
  const scheme = space > 0 && /^[A-Za-z0-9-]+$/.test(value.slice(0, space)) ? `${value.slice(0, space)} ` : '';
  return `${scheme}***sha256:${shortHash(value)}`;
}

export function maskHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers)) {
    if (raw === undefined) continue;
    const value = Array.isArray(raw) ? raw.join(', ') : raw;
    out[name] = SECRET_HEADERS.has(name) ? maskSecret(value) : value;
  }
  return out;
}

export function maskQuery(query: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key).map((v) => (SECRET_QUERY.has(key) ? maskSecret(v) : v));
    out[key] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return out;
}

export class RequestJournal {
  private entries: JournalEntry[] = [];
  private seq = 0;

  constructor(private readonly capacity = 1000) {}

  record(entry: Omit<JournalEntry, 'seq'>): JournalEntry {
    const full: JournalEntry = { seq: ++this.seq, ...entry };
    this.entries.push(full);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    return full;
  }

  /** Oldest first, so the last element is the most recent request. */
  last(limit: number, filter: { deployment?: string; format?: string } = {}): JournalEntry[] {
    const matching = this.entries.filter(
      (e) =>
        (filter.deployment === undefined || e.deployment === filter.deployment) &&
        (filter.format === undefined || e.format === filter.format),
    );
    return matching.slice(Math.max(0, matching.length - limit));
  }

  get size(): number {
    return this.entries.length;
  }

  clear(): void {
    this.entries = [];
  }
}
