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

/** Runs a global regex and keeps the matches `accept` validates (returning the normalized value). */
export function regexDetector(name: string, label: PiiLabel, pattern: RegExp, accept: (match: string) => string | undefined): Detector {
  if (!pattern.global) throw new Error(`detector ${name} needs a global regex`);
  return {
    name,
    label,
    find(text: string): PiiSpan[] {
      const spans: PiiSpan[] = [];
      for (const m of text.matchAll(pattern)) {
        const normalized = accept(m[0]);
        if (normalized !== undefined && m.index !== undefined) spans.push({ start: m.index, end: m.index + m[0].length, label, normalized });
      }
      return spans;
    },
  };
}

export function digitsOf(value: string): string {
  return value.replace(/\D/g, '');
}
