/**
 * Assertions for the conformance probes. Probes run inside jest but are plain
 * modules (they compile with the package), so they throw instead of using expect.
 */
export class ConformanceFailure extends Error {}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ConformanceFailure(message);
}

export type Observed<T> = { ok: true; value: T } | { ok: false; error: unknown };

export async function observe<T>(run: () => Promise<T>): Promise<Observed<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The usage.v1 row the suite expects metering to have written for a request. */
export interface UsageExpectation {
  readonly requestId: string;
  readonly what: string;
  /** errorClassName of the attempt: "ok", "rate_limited", ... */
  readonly status: string;
  readonly estimated?: 0 | 1;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
}

export const TINY_PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

export const WEATHER_SCHEMA = { type: 'object', properties: { city: { type: 'string', description: 'City name' } }, required: ['city'] };
