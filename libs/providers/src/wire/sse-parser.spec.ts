import { SseParser } from './sse-parser';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('SseParser', () => {
  it('parses messages split at any byte', () => {
    const text = 'event: message_start\ndata: {"a":1}\n\n: ping\ndata: line1\r\ndata: line2\r\n\r\ndata: [DONE]\n\n';
    for (let split = 1; split < text.length; split++) {
      const p = new SseParser();
      const out = [...p.push(bytes(text.slice(0, split))), ...p.push(bytes(text.slice(split))), ...p.end()];
      expect(out).toEqual([
        { event: 'message_start', data: '{"a":1}' },
        { event: '', data: 'line1\nline2' },
        { event: '', data: '[DONE]' },
      ]);
    }
  });

  it('decodes multi-byte characters split across chunks', () => {
    const all = bytes('data: héllo ✓\n\n');
    const p = new SseParser();
    const out = [...p.push(all.slice(0, 8)), ...p.push(all.slice(8, 14)), ...p.push(all.slice(14))];
    expect(out).toEqual([{ event: '', data: 'héllo ✓' }]);
  });

  it('flushes a last message without a trailing blank line at end', () => {
    const p = new SseParser();
    expect(p.push(bytes('data: x'))).toEqual([]);
    expect(p.end()).toEqual([{ event: '', data: 'x' }]);
  });
});
