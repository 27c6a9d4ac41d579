/** A found piece of personal data: [start, end) in the text, and a normalized value for consistent placeholders. */
export interface PiiSpan {
  readonly start: number;
  readonly end: number;
  readonly label: PiiLabel;
  /** Equal for two spellings of the same value (case, separators). */
  readonly normalized: string;
}

export type PiiLabel = 'EMAIL' | 'PHONE' | 'CARD' | 'IBAN' | 'SSN' | 'IP';

export interface Detector {
  /** The policy name ("email", "card"...). */
  readonly name: string;
  readonly label: PiiLabel;
  find(text: string): PiiSpan[];
}

/**
 * Where to look: every match contains `char`, starts at most `before` and
 * ends at most `after` characters from it. Scanning only windows around that
 * character keeps long prompts cheap (most of a prompt has no "@" or ":").
 */
export interface Anchor {
  readonly char: string;
  readonly before: number;
  readonly after: number;
  /** A cheap test of the anchor's neighbours; windows it refuses are skipped. */
  readonly worthALook?: (text: string, at: number) => boolean;
}

/** Runs a global regex (in windows around the anchor, when given) and keeps the matches `accept` validates. */
export function regexDetector(
  name: string,
  label: PiiLabel,
  pattern: RegExp,
  accept: (match: string) => string | undefined,
  anchor?: Anchor,
): Detector {
  if (!pattern.global) throw new Error(`detector ${name} needs a global regex`);
  const scan = (text: string, from: number, to: number, spans: Map<number, PiiSpan>): void => {
    const slice = from === 0 && to === text.length ? text : text.slice(from, to);
    for (const m of slice.matchAll(pattern)) {
      if (m.index === undefined) continue;
      // A match touching a cut edge lacks its context there; the window of its own anchor finds it whole.
      if ((from > 0 && m.index === 0) || (to < text.length && m.index + m[0].length === slice.length)) continue;
      const normalized = accept(m[0]);
      if (normalized !== undefined)
        spans.set(from + m.index, { start: from + m.index, end: from + m.index + m[0].length, label, normalized });
    }
  };
  return {
    name,
    label,
    find(text: string): PiiSpan[] {
      const spans = new Map<number, PiiSpan>();
      if (!anchor) {
        scan(text, 0, text.length, spans);
        return [...spans.values()];
      }
      let windowEnd = -1;
      for (let at = text.indexOf(anchor.char); at >= 0; at = text.indexOf(anchor.char, at + 1)) {
        if (at + anchor.after < windowEnd) continue; // this anchor's window is inside the last one
        if (anchor.worthALook && !anchor.worthALook(text, at)) continue;
        const from = Math.max(0, at - anchor.before - 1);
        windowEnd = Math.min(text.length, at + anchor.after + 1);
        scan(text, from, windowEnd, spans);
      }
      return [...spans.values()].sort((a, b) => a.start - b.start);
    },
  };
}

export function digitsOf(value: string): string {
  return value.replace(/\D/g, '');
}
