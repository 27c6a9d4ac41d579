import { shortHash } from './determinism';

export type BilledFamily = 'openai' | 'anthropic';

/** What the mock billed for one answer it served, in the provider's own split. */
export interface BilledUsage {
  /** All prompt tokens, cache reads and writes included. */
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
}

interface Line extends BilledUsage {
  family: BilledFamily;
  apiKeyId: string;
  model: string;
  day: string;
  requests: number;
}

/** The id the usage APIs show for an API key: stable per key, never the key itself. */
export function apiKeyIdOf(family: BilledFamily, apiKey: string): string {
  return `${family === 'openai' ? 'key_' : 'apikey_'}${shortHash(apiKey, 16)}`;
}

/**
 * The mock's own books: every answer it served, per family, API key, model
 * and UTC day, which its usage APIs report. `overReportRatio` (PUT
 * /_mock/usage-report) inflates what the reports say, so tests can watch a
 * reconciliation flag drift.
 */
export class UsageBook {
  private readonly lines = new Map<string, Line>();
  overReportRatio = 1;

  record(family: BilledFamily, apiKey: string, model: string, usage: BilledUsage, atMs = Date.now()): void {
    const day = new Date(atMs).toISOString().slice(0, 10);
    const apiKeyId = apiKeyIdOf(family, apiKey);
    const key = [family, apiKeyId, model, day].join('\u0000');
    const line = this.lines.get(key) ?? {
      family,
      apiKeyId,
      model,
      day,
      requests: 0,
      inputTokens: 0,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 0,
    };
    line.requests += 1;
    line.inputTokens += usage.inputTokens;
    line.cachedInputTokens += usage.cachedInputTokens;
    line.cacheWriteTokens += usage.cacheWriteTokens;
    line.outputTokens += usage.outputTokens;
    this.lines.set(key, line);
  }

  /** Lines of one family on the UTC days in [startMs, endMs), counts scaled by the over-report knob. */
  linesOf(family: BilledFamily, startMs: number, endMs: number): Line[] {
    const scale = (n: number) => Math.round(n * this.overReportRatio);
    return [...this.lines.values()]
      .filter((l) => l.family === family && Date.parse(`${l.day}T00:00:00Z`) >= startMs && Date.parse(`${l.day}T00:00:00Z`) < endMs)
      .map((l) => ({
        ...l,
        inputTokens: scale(l.inputTokens),
        cachedInputTokens: scale(l.cachedInputTokens),
        cacheWriteTokens: scale(l.cacheWriteTokens),
        outputTokens: scale(l.outputTokens),
      }));
  }

  clear(): void {
    this.lines.clear();
    this.overReportRatio = 1;
  }
}
