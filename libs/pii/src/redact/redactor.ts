import { DETECTORS, findPii } from '../detectors';
import type { Detector, PiiLabel } from '../detectors';

const PLACEHOLDER = /<(EMAIL|PHONE|CARD|IBAN|SSN|IP)_(\d{1,4})>/g;

/**
 * Replaces personal data with placeholders that are consistent for one
 * redactor's lifetime (one request): the same value always becomes the same
 * "<EMAIL_1>", wherever it appears, so the model can still reason about "who
 * is who". The originals stay in this object's memory only.
 */
export class PiiRedactor {
  private readonly byValue = new Map<string, string>();
  private readonly byPlaceholder = new Map<string, string>();
  private readonly counters = new Map<PiiLabel, number>();

  constructor(private readonly detectors: readonly Detector[] = DETECTORS) {}

  /** How many distinct values were replaced so far. */
  get replaced(): number {
    return this.byPlaceholder.size;
  }

  redact(text: string): string {
    if (text.length === 0) return text;
    const spans = findPii(text, this.detectors);
    if (spans.length === 0) return text;
    let out = '';
    let at = 0;
    for (const span of spans) {
      out += text.slice(at, span.start) + this.placeholderFor(span.label, span.normalized, text.slice(span.start, span.end));
      at = span.end;
    }
    return out + text.slice(at);
  }

  /** Puts the originals back for placeholders this redactor issued; others stay as they are. */
  restore(text: string): string {
    if (this.byPlaceholder.size === 0 || !text.includes('<')) return text;
    return text.replace(PLACEHOLDER, (placeholder) => this.byPlaceholder.get(placeholder) ?? placeholder);
  }

  private placeholderFor(label: PiiLabel, normalized: string, original: string): string {
    const key = `${label}:${normalized}`;
    const known = this.byValue.get(key);
    if (known) return known;
    const n = (this.counters.get(label) ?? 0) + 1;
    this.counters.set(label, n);
    const placeholder = `<${label}_${n}>`;
    this.byValue.set(key, placeholder);
    this.byPlaceholder.set(placeholder, original);
    return placeholder;
  }
}
