import { appendFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { appendFile, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeSpoolSegment, encodeSpoolRecord, SpooledRecord } from './spool-record';

const SEGMENT = /^segment-(\d{12})\.spool$/;

export interface SpoolSegment {
  readonly records: SpooledRecord[];
  readonly corruptTailBytes: number;
  /** Deletes the segment once every record in it is safely in Kafka. */
  remove(): Promise<void>;
}

/**
 * An append-only local log of events that could not reach Kafka. Records are
 * appended to the newest segment; draining reads whole segments oldest first and
 * deletes each only after it was sent, so a crash can resend (never lose) a
 * segment, and downstream writers drop the duplicates by event id.
 */
export class DiskSpool {
  private segments: number[];
  private activeBytes = 0;
  private totalBytes = 0;
  private writeChain: Promise<void> = Promise.resolve();

  constructor(
    private readonly dir: string,
    private readonly maxBytes: number,
  ) {
    mkdirSync(dir, { recursive: true });
    this.segments = readdirSync(dir)
      .map((name) => SEGMENT.exec(name)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    for (const n of this.segments) this.totalBytes += statSync(this.path(n)).size;
    // Never append to a segment left by a previous process: it may end torn.
    this.segments.push((this.segments.at(-1) ?? 0) + 1);
  }

  get bytes(): number {
    return this.totalBytes;
  }

  hasPending(): boolean {
    return this.totalBytes > 0;
  }

  isFull(): boolean {
    return this.totalBytes >= this.maxBytes;
  }

  append(records: readonly SpooledRecord[]): Promise<void> {
    const data = Buffer.concat(records.map(encodeSpoolRecord));
    const target = this.activeSegment();
    this.activeBytes += data.length;
    this.totalBytes += data.length;
    this.writeChain = this.writeChain.then(() => appendFile(this.path(target), data));
    return this.writeChain;
  }

  /** For the last moments of a shutdown, when the event loop may not run again. */
  appendSync(records: readonly SpooledRecord[]): void {
    const data = Buffer.concat(records.map(encodeSpoolRecord));
    appendFileSync(this.path(this.activeSegment()), data);
    this.activeBytes += data.length;
    this.totalBytes += data.length;
  }

  /** The oldest segment with data, sealing the active one first if it is the only one. */
  async takeOldest(): Promise<SpoolSegment | undefined> {
    await this.writeChain;
    if (!this.hasPending()) return undefined;
    if (this.segments.length === 1) this.seal();
    const n = this.segments[0];
    if (n === undefined) return undefined;
    const file = this.path(n);
    const data = await readFile(file).catch(() => Buffer.alloc(0));
    const decoded = decodeSpoolSegment(data);
    return {
      records: decoded.records,
      corruptTailBytes: decoded.corruptTailBytes,
      remove: async () => {
        await unlink(file).catch(() => undefined);
        this.segments = this.segments.filter((s) => s !== n);
        this.totalBytes = Math.max(0, this.totalBytes - data.length);
      },
    };
  }

  private seal(): void {
    this.segments.push((this.segments.at(-1) ?? 0) + 1);
    this.activeBytes = 0;
  }

  private activeSegment(): number {
    // Keep segments small enough to read into memory when draining.
    if (this.activeBytes > 16 * 1024 * 1024) this.seal();
    return this.segments.at(-1) ?? 1;
  }

  private path(n: number): string {
    return join(this.dir, `segment-${String(n).padStart(12, '0')}.spool`);
  }
}
