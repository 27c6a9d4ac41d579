import type { PiiRedactor } from './redactor';

// What a placeholder looks like while it is still arriving: "<", "<EM", "<EMAIL_1".
const PARTIAL = /^<(?:[A-Z]{1,5}(?:_\d{0,4})?)?$/;

/**
 * Restores placeholders in streamed text, where one placeholder may be split
 * over several chunks: a tail that could still become a placeholder is held
 * back (at most a dozen characters) until the next chunk or the end.
 */
export class StreamRestorer {
  private pending = '';

  constructor(private readonly redactor: PiiRedactor) {}

  push(text: string): string {
    this.pending += text;
    const open = this.pending.lastIndexOf('<');
    const hold = open >= 0 && PARTIAL.test(this.pending.slice(open)) ? open : this.pending.length;
    const ready = this.pending.slice(0, hold);
    this.pending = this.pending.slice(hold);
    return this.redactor.restore(ready);
  }

  flush(): string {
    const rest = this.redactor.restore(this.pending);
    this.pending = '';
    return rest;
  }
}
