import type { UpstreamHeaders } from '../provider-adapter';

export function header(headers: UpstreamHeaders, name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** retry-after as seconds or an HTTP date, or retry-after-ms; 0 when absent or unreadable. */
export function retryAfterMs(headers: UpstreamHeaders, nowMs = Date.now()): number {
  const ms = header(headers, 'retry-after-ms');
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms)) return Math.ceil(Number(ms));
  const value = header(headers, 'retry-after');
  if (value === undefined) return 0;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.ceil(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? 0 : Math.max(0, date - nowMs);
}

/** OpenAI-style durations like "1s", "6m0s", "250ms", "1h2m3.5s". */
export function parseDurationMs(value: string | undefined): number {
  if (!value) return 0;
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  let match: RegExpExecArray | null;
  let matched = false;
  while ((match = re.exec(value)) !== null) {
    matched = true;
    const n = Number(match[1]);
    const unit = match[2];
    total += unit === 'h' ? n * 3_600_000 : unit === 'm' ? n * 60_000 : unit === 's' ? n * 1000 : n;
  }
  return matched ? Math.ceil(total) : 0;
}

export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
