/**
 * Google's API front end writes `"key": value` with a space after the colon but none after commas
 * on SSE lines, and pretty-prints (two spaces) plain JSON bodies. Both are reproduced here.
 */
export function googleSseJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(googleSseJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${googleSseJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function googlePrettyJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
