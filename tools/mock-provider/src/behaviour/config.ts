export interface RateLimitConfig {
  retryAfterSeconds: number;
  /** Every Nth request in this scope is rate limited (1 = every request). */
  everyNth?: number;
  always?: boolean;
}

export interface StreamErrorConfig {
  status: number;
  /** Number of stream chunks delivered before the in-stream error. */
  afterChunks: number;
}

export interface BehaviourConfig {
  latencyMs: number;
  firstTokenDelayMs: number;
  chunkDelayMs: number;
  failRate: number;
  failStatus: number;
  seed: number;
  rateLimit: RateLimitConfig | null;
  cutAfterChunks: number | null;
  replyWords: number;
  contextWindowTokens: number;
  streamError: StreamErrorConfig | null;
}

export const DEFAULT_BEHAVIOUR: Readonly<BehaviourConfig> = Object.freeze({
  latencyMs: 0,
  firstTokenDelayMs: 0,
  chunkDelayMs: 0,
  failRate: 0,
  failStatus: 500,
  seed: 1,
  rateLimit: null,
  cutAfterChunks: null,
  replyWords: 12,
  contextWindowTokens: 128_000,
  streamError: null,
});

export type BehaviourPatch = Partial<BehaviourConfig>;

export type PatchResult = { ok: true; patch: BehaviourPatch } | { ok: false; error: string };

type FieldCheck = (value: unknown, name: string) => string | null;

const nonNegativeInt: FieldCheck = (v, name) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 ? null : `${name} must be a non-negative integer`;
const positiveInt: FieldCheck = (v, name) =>
  typeof v === 'number' && Number.isInteger(v) && v > 0 ? null : `${name} must be a positive integer`;
const httpStatus: FieldCheck = (v, name) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 100 && v <= 599 ? null : `${name} must be an HTTP status code`;

const FIELD_CHECKS: Record<keyof BehaviourConfig, FieldCheck> = {
  latencyMs: nonNegativeInt,
  firstTokenDelayMs: nonNegativeInt,
  chunkDelayMs: nonNegativeInt,
  failRate: (v, name) => (typeof v === 'number' && v >= 0 && v <= 1 ? null : `${name} must be a number in 0..1`),
  failStatus: httpStatus,
  seed: (v, name) => (typeof v === 'number' && Number.isInteger(v) ? null : `${name} must be an integer`),
  rateLimit: (v, name) => {
    if (v === null) return null;
    if (!isRecord(v)) return `${name} must be an object or null`;
    const retry = v['retryAfterSeconds'] ?? 1;
    if (nonNegativeInt(retry, `${name}.retryAfterSeconds`)) return `${name}.retryAfterSeconds must be a non-negative integer`;
    if (v['everyNth'] !== undefined && positiveInt(v['everyNth'], '')) return `${name}.everyNth must be a positive integer`;
    if (v['always'] !== undefined && typeof v['always'] !== 'boolean') return `${name}.always must be a boolean`;
    if (v['everyNth'] === undefined && v['always'] !== true) return `${name} needs everyNth or always: true`;
    return null;
  },
  cutAfterChunks: (v, name) => (v === null ? null : positiveInt(v, name)),
  replyWords: positiveInt,
  contextWindowTokens: positiveInt,
  streamError: (v, name) => {
    if (v === null) return null;
    if (!isRecord(v)) return `${name} must be an object or null`;
    if (httpStatus(v['status'], '')) return `${name}.status must be an HTTP status code`;
    if (v['afterChunks'] !== undefined && nonNegativeInt(v['afterChunks'], '')) {
      return `${name}.afterChunks must be a non-negative integer`;
    }
    return null;
  },
};

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates a (partial) behaviour object coming from env JSON, options or the control API. */
export function parseBehaviourPatch(input: unknown): PatchResult {
  if (!isRecord(input)) return { ok: false, error: 'behaviour config must be a JSON object' };
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (!(key in FIELD_CHECKS)) return { ok: false, error: `unknown behaviour field: ${key}` };
    const problem = FIELD_CHECKS[key as keyof BehaviourConfig](value, key);
    if (problem) return { ok: false, error: problem };
    patch[key] = normalise(key as keyof BehaviourConfig, value);
  }
  return { ok: true, patch: patch as BehaviourPatch };
}

function normalise(key: keyof BehaviourConfig, value: unknown): unknown {
  if (key === 'rateLimit' && isRecord(value)) {
    return { retryAfterSeconds: 1, ...value };
  }
  if (key === 'streamError' && isRecord(value)) {
    return { afterChunks: 1, ...value };
  }
  return value;
}

export function mergeBehaviour(...layers: BehaviourPatch[]): BehaviourConfig {
  const merged: BehaviourConfig = { ...DEFAULT_BEHAVIOUR };
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return merged;
}
