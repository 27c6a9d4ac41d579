export interface SseMessage {
  event: string;
  data: string;
}

/**
 * Incremental Server-Sent Events parser: feed it bytes as they arrive, get
 * complete messages back. Handles \n, \r\n and \r line ends, multi-line data,
 * comments and messages split across network chunks.
 */
export class SseParser {
  private buffer = '';
  private readonly decoder = new TextDecoder('utf-8');
  private event = '';
  private data: string[] = [];

  push(chunk: Uint8Array): SseMessage[] {
    this.buffer += this.decoder.decode(chunk, { stream: true });
    return this.drain(false);
  }

  end(): SseMessage[] {
    this.buffer += this.decoder.decode();
    return this.drain(true);
  }

  private drain(final: boolean): SseMessage[] {
    const out: SseMessage[] = [];
    let start = 0;
    for (;;) {
      const nl = this.nextLineEnd(start);
      if (nl === -1) break;
      const line = this.buffer.slice(start, nl.index);
      start = nl.index + nl.length;
      this.line(line, out);
    }
    this.buffer = this.buffer.slice(start);
    if (final) {
      if (this.buffer.length > 0) this.line(this.buffer, out);
      this.buffer = '';
      this.line('', out);
    }
    return out;
  }

  private nextLineEnd(from: number): { index: number; length: number } | -1 {
    for (let i = from; i < this.buffer.length; i++) {
      const c = this.buffer.charCodeAt(i);
      if (c === 10) return { index: i, length: 1 };
      if (c === 13) {
        // A lone \r at the end may be the first half of \r\n: wait for more.
        if (i + 1 >= this.buffer.length) return -1;
        return { index: i, length: this.buffer.charCodeAt(i + 1) === 10 ? 2 : 1 };
      }
    }
    return -1;
  }

  private line(line: string, out: SseMessage[]): void {
    if (line === '') {
      if (this.data.length > 0) out.push({ event: this.event, data: this.data.join('\n') });
      this.event = '';
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
  }
}
