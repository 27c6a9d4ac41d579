export interface InlineData {
  /** e.g. image/png */
  readonly mimeType: string;
  readonly base64: string;
}

const DATA_URL = /^data:([a-z0-9.+-]+\/[a-z0-9.+-]+)(?:;[a-z0-9-]+=[^;,]*)*;base64,(.*)$/is;

/** The media type and base64 payload of a `data:<type>;base64,<data>` URL; undefined for anything else. */
export function parseDataUrl(url: string): InlineData | undefined {
  const match = DATA_URL.exec(url);
  if (!match) return undefined;
  return { mimeType: (match[1] ?? '').toLowerCase(), base64: match[2] ?? '' };
}

export function isDataUrl(url: string): boolean {
  return /^data:/i.test(url);
}
