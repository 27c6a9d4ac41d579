/**
 * Tool-call ids as each API surface shows them. Providers mint their own ids
 * (OpenAI `call_…`, Anthropic `toolu_…`, Bedrock `tooluse_…`, …); a client
 * must see its surface's format and get the provider's original back when it
 * replays the id in a later turn. Switchyard keeps no conversation state, so
 * the mapping is a pure, reversible codec:
 *
 * - an id already in the surface's format passes through unchanged;
 * - any other id that fits Anthropic's charset (^[a-zA-Z0-9_-]+$) becomes
 *   `<prefix>sy_<original>` (`call_abc` → `toolu_sy_call_abc`);
 * - any other id becomes `<prefix>sy64_<base64url(original)>`.
 *
 * Provider-native ids never contain `_` after their prefix, so the markers
 * cannot collide with them; a native id that does start with a marker is
 * itself encoded, so decoding always returns exactly what the provider sent.
 * Decoding anything the encoder could not have produced returns it unchanged.
 */
export type ToolCallIdSurface = 'openai' | 'anthropic';

const PREFIX: Record<ToolCallIdSurface, string> = { openai: 'call_', anthropic: 'toolu_' };
const RAW = 'sy_';
const BASE64 = 'sy64_';
const ANTHROPIC_CHARSET = /^[a-zA-Z0-9_-]+$/;

/** The id a client of `surface` sees for the provider's `id` ('' stays '': later stream deltas carry no id). */
export function toSurfaceToolCallId(surface: ToolCallIdSurface, id: string): string {
  if (id === '') return '';
  const prefix = PREFIX[surface];
  if (id.startsWith(prefix) && !isMarked(prefix, id)) return id;
  if (ANTHROPIC_CHARSET.test(id)) return `${prefix}${RAW}${id}`;
  return `${prefix}${BASE64}${Buffer.from(id, 'utf8').toString('base64url')}`;
}

/** The provider's original id for an id a client of `surface` sent back. */
export function fromSurfaceToolCallId(surface: ToolCallIdSurface, id: string): string {
  const prefix = PREFIX[surface];
  let original: string | undefined;
  if (id.startsWith(prefix + RAW)) original = id.slice(prefix.length + RAW.length);
  else if (id.startsWith(prefix + BASE64)) original = Buffer.from(id.slice(prefix.length + BASE64.length), 'base64url').toString('utf8');
  // Only what the encoder produces is decoded; anything else the client made up goes upstream as sent.
  return original !== undefined && original !== '' && toSurfaceToolCallId(surface, original) === id ? original : id;
}

function isMarked(prefix: string, id: string): boolean {
  return id.startsWith(prefix + RAW) || id.startsWith(prefix + BASE64);
}
