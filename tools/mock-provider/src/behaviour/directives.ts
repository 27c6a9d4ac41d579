import type { IncomingHttpHeaders } from 'node:http';
import type { BehaviourPatch, StreamErrorConfig } from './config';

/** Per-request instructions taken from x-mock-* headers and [[mock:...]] markers. */
export interface Directives {
  behaviour: BehaviourPatch;
  status?: number;
  retryAfterSeconds?: number;
  holdToken?: string;
  contentFilter?: boolean;
  /** Refuse the prompt itself, where the provider has a prompt-level filter. */
  promptFilter?: boolean;
  contextLength?: boolean;
  cachedTokens?: number;
  reasoningTokens?: number;
  streamError?: StreamErrorConfig;
  /** OpenAI format: deliver the role-only chunk as a chunk of its own, before the first content. */
  roleFirst?: boolean;
}

type Setter = (d: Directives, raw: string) => void;

const int = (raw: string): number | undefined => {
  const n = Number(raw.trim());
  return Number.isInteger(n) && n >= 0 ? n : undefined;
};
const flag = (raw: string): boolean => !['0', 'false', 'no', 'off'].includes(raw.trim().toLowerCase());

function setBehaviour(key: 'latencyMs' | 'firstTokenDelayMs' | 'chunkDelayMs' | 'replyWords'): Setter {
  return (d, raw) => {
    const n = int(raw);
    if (n !== undefined) d.behaviour[key] = key === 'replyWords' ? Math.max(1, n) : n;
  };
}

const SETTERS: Record<string, Setter> = {
  latency: setBehaviour('latencyMs'),
  first_token_delay: setBehaviour('firstTokenDelayMs'),
  chunk_delay: setBehaviour('chunkDelayMs'),
  words: setBehaviour('replyWords'),
  cut: (d, raw) => {
    const n = int(raw);
    if (n !== undefined && n > 0) d.behaviour.cutAfterChunks = n;
  },
  status: (d, raw) => {
    const n = int(raw);
    if (n !== undefined && n >= 100 && n <= 599) d.status = n;
  },
  retry_after: (d, raw) => {
    const n = int(raw);
    if (n !== undefined) d.retryAfterSeconds = n;
  },
  hold: (d, raw) => {
    if (raw.trim()) d.holdToken = raw.trim();
  },
  content_filter: (d, raw) => {
    d.contentFilter = flag(raw);
  },
  prompt_filter: (d, raw) => {
    d.promptFilter = flag(raw);
  },
  role_first: (d, raw) => {
    d.roleFirst = flag(raw);
  },
  context_length: (d, raw) => {
    d.contextLength = flag(raw);
  },
  cached: (d, raw) => {
    const n = int(raw);
    if (n !== undefined) d.cachedTokens = n;
  },
  reasoning: (d, raw) => {
    const n = int(raw);
    if (n !== undefined) d.reasoningTokens = n;
  },
  stream_error: (d, raw) => {
    const n = int(raw);
    if (n !== undefined && n >= 100 && n <= 599) d.streamError = { afterChunks: d.streamError?.afterChunks ?? 1, status: n };
  },
  stream_error_after: (d, raw) => {
    const n = int(raw);
    if (n !== undefined) d.streamError = { status: d.streamError?.status ?? 500, afterChunks: n };
  },
};

/** Header name -> marker key; both spellings end up in the same setter. */
export const DIRECTIVE_HEADERS: Record<string, string> = {
  'x-mock-latency-ms': 'latency',
  'x-mock-first-token-delay-ms': 'first_token_delay',
  'x-mock-chunk-delay-ms': 'chunk_delay',
  'x-mock-reply-words': 'words',
  'x-mock-cut-after-chunks': 'cut',
  'x-mock-status': 'status',
  'x-mock-retry-after': 'retry_after',
  'x-mock-hold-until-release': 'hold',
  'x-mock-content-filter': 'content_filter',
  'x-mock-prompt-filter': 'prompt_filter',
  'x-mock-role-first': 'role_first',
  'x-mock-context-length': 'context_length',
  'x-mock-cached-tokens': 'cached',
  'x-mock-reasoning-tokens': 'reasoning',
  'x-mock-stream-error': 'stream_error',
  'x-mock-stream-error-after-chunks': 'stream_error_after',
};

const MARKER = /\[\[mock:([^\]]*)\]\]/g;

export function emptyDirectives(): Directives {
  return { behaviour: {} };
}

/** Markers in the prompt text win over headers, so a gateway-forwarded marker can override defaults. */
export function readDirectives(headers: IncomingHttpHeaders, markerText: string): Directives {
  const d = emptyDirectives();
  for (const [header, key] of Object.entries(DIRECTIVE_HEADERS)) {
    const value = headers[header];
    const raw = Array.isArray(value) ? value[0] : value;
    if (raw !== undefined) SETTERS[key]?.(d, raw);
  }
  for (const match of markerText.matchAll(MARKER)) {
    for (const item of (match[1] ?? '').split(',')) {
      const [rawKey = '', ...rest] = item.split('=');
      const key = rawKey.trim().toLowerCase();
      SETTERS[key]?.(d, rest.length ? rest.join('=') : 'true');
    }
  }
  return d;
}

export function stripMarkers(text: string): string {
  return text.replace(MARKER, ' ').replace(/\s+/g, ' ').trim();
}
