import { isIPv6 } from 'node:net';
import type { Detector, PiiSpan } from './detector';
import { regexDetector } from './detector';

const ipv4 = regexDetector(
  'ip',
  'IP',
  /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?!\d|\.\d)/g,
  (match) => {
    const octets = match.split('.');
    // Leading zeros ("01.02.03.04") are version-like, not addresses.
    if (octets.some((o) => Number(o) > 255 || (o.length > 1 && o.startsWith('0')))) return undefined;
    return match;
  },
  { char: '.', before: 16, after: 16, worthALook: (text, at) => isDigit(text, at - 1) && isDigit(text, at + 1) },
);

const ipv6 = regexDetector(
  'ip',
  'IP',
  /(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])/g,
  (match) => {
    if (!isIPv6(match)) return undefined;
    // "::1" and friends are not anyone's address; real ones have at least three groups.
    if (match.split(':').filter((g) => g.length > 0).length < 3) return undefined;
    return match.toLowerCase();
  },
  { char: ':', before: 40, after: 40, worthALook: (text, at) => /[0-9A-Fa-f:]/.test(text[at + 1] ?? '') },
);

/** IPv4 and IPv6 addresses. */
export const ipDetector: Detector = {
  name: 'ip',
  label: 'IP',
  find(text: string): PiiSpan[] {
    return [...ipv6.find(text), ...ipv4.find(text)];
  },
};

function isDigit(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return c >= 48 && c <= 57;
}
