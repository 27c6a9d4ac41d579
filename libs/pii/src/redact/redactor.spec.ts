import { detectorsNamed } from '../detectors';
import { PiiRedactor } from './redactor';
import { StreamRestorer } from './stream-restorer';

describe('PiiRedactor', () => {
  it('uses one placeholder per value for the whole request, and restores them', () => {
    const r = new PiiRedactor();
    const a = r.redact('Mail Jane@Example.com or bob@example.com');
    const b = r.redact('Again: jane@example.com, card 4111-1111-1111-1111');
    expect(a).toBe('Mail <EMAIL_1> or <EMAIL_2>');
    expect(b).toBe('Again: <EMAIL_1>, card <CARD_1>');
    expect(r.restore('Reply to <EMAIL_2> about <CARD_1> and <EMAIL_9>')).toBe(
      'Reply to bob@example.com about 4111-1111-1111-1111 and <EMAIL_9>',
    );
  });

  it('only applies the detectors the policy names', () => {
    const r = new PiiRedactor(detectorsNamed(['email']));
    expect(r.redact('jane@example.com 123-45-6789')).toBe('<EMAIL_1> 123-45-6789');
  });

  it('leaves clean text untouched', () => {
    expect(new PiiRedactor().redact('nothing to see here, version 1.2.3')).toBe('nothing to see here, version 1.2.3');
  });
});

describe('StreamRestorer', () => {
  it('restores a placeholder split over chunks and holds back only what could still be one', () => {
    const r = new PiiRedactor();
    r.redact('jane@example.com');
    const s = new StreamRestorer(r);
    expect(s.push('Hello <EM')).toBe('Hello ');
    expect(s.push('AIL_')).toBe('');
    expect(s.push('1>, a < b <')).toBe('jane@example.com, a < b ');
    expect(s.push('x')).toBe('<x');
    expect(s.push(' <EMAIL_1')).toBe(' ');
    expect(s.flush()).toBe('<EMAIL_1');
  });
});
