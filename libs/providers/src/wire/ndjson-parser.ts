/**
 * Incremental newline-delimited JSON: feed bytes as they arrive, get the
 * complete lines back (blank lines skipped). A line without its newline at
 * the end of the stream is returned by end().
 */
export class NdjsonParser {
  private buffer = '';
  private readonly decoder = new TextDecoder('utf-8');

  push(chunk: Uint8Array): string[] {
    this.buffer += this.decoder.decode(chunk, { stream: true });
    const lines = this.buffer.split('\n');
    this.buffer = lines.pop() ?? '';
    return lines.map((l) => l.trim()).filter((l) => l.length > 0);
  }

  end(): string[] {
    this.buffer += this.decoder.decode();
    const rest = this.buffer.trim();
    this.buffer = '';
    return rest.length > 0 ? [rest] : [];
  }
}
