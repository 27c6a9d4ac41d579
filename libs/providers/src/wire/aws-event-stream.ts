/**
 * application/vnd.amazon.eventstream framing:
 *   [total length u32][headers length u32][prelude CRC32][headers][payload][message CRC32]
 * Integers are big-endian; both CRCs are CRC-32 (IEEE 802.3, as in zlib/gzip).
 */

const PRELUDE_LENGTH = 8;
const PRELUDE_WITH_CRC = 12;
const TRAILER_LENGTH = 4;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(data: Uint8Array, previous = 0): number {
  let crc = ~previous >>> 0;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return ~crc >>> 0;
}

export type HeaderValue =
  | { type: 'boolean'; value: boolean }
  | { type: 'byte'; value: number }
  | { type: 'short'; value: number }
  | { type: 'integer'; value: number }
  | { type: 'long'; value: bigint }
  | { type: 'binary'; value: Buffer }
  | { type: 'string'; value: string }
  | { type: 'timestamp'; value: Date }
  | { type: 'uuid'; value: string };

export interface EventStreamMessage {
  headers: Record<string, HeaderValue>;
  payload: Buffer;
}

const TYPE_CODES = {
  booleanTrue: 0,
  booleanFalse: 1,
  byte: 2,
  short: 3,
  integer: 4,
  long: 5,
  binary: 6,
  string: 7,
  timestamp: 8,
  uuid: 9,
} as const;

function encodeHeader(name: string, header: HeaderValue): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  if (nameBytes.length > 255) throw new Error(`header name too long: ${name}`);
  let value: Buffer;
  switch (header.type) {
    case 'boolean':
      value = Buffer.from([header.value ? TYPE_CODES.booleanTrue : TYPE_CODES.booleanFalse]);
      break;
    case 'byte':
      value = Buffer.alloc(2);
      value.writeUInt8(TYPE_CODES.byte, 0);
      value.writeInt8(header.value, 1);
      break;
    case 'short':
      value = Buffer.alloc(3);
      value.writeUInt8(TYPE_CODES.short, 0);
      value.writeInt16BE(header.value, 1);
      break;
    case 'integer':
      value = Buffer.alloc(5);
      value.writeUInt8(TYPE_CODES.integer, 0);
      value.writeInt32BE(header.value, 1);
      break;
    case 'long':
      value = Buffer.alloc(9);
      value.writeUInt8(TYPE_CODES.long, 0);
      value.writeBigInt64BE(header.value, 1);
      break;
    case 'timestamp':
      value = Buffer.alloc(9);
      value.writeUInt8(TYPE_CODES.timestamp, 0);
      value.writeBigInt64BE(BigInt(header.value.getTime()), 1);
      break;
    case 'uuid': {
      const hex = header.value.replace(/-/g, '');
      if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`invalid uuid header value: ${header.value}`);
      value = Buffer.concat([Buffer.from([TYPE_CODES.uuid]), Buffer.from(hex, 'hex')]);
      break;
    }
    case 'binary':
    case 'string': {
      const bytes = header.type === 'string' ? Buffer.from(header.value, 'utf8') : header.value;
      value = Buffer.alloc(3 + bytes.length);
      value.writeUInt8(header.type === 'string' ? TYPE_CODES.string : TYPE_CODES.binary, 0);
      value.writeUInt16BE(bytes.length, 1);
      bytes.copy(value, 3);
      break;
    }
  }
  return Buffer.concat([Buffer.from([nameBytes.length]), nameBytes, value]);
}

/** Plain strings are the common case (:event-type etc.), so they need no wrapper. */
export function encodeMessage(message: { headers: Record<string, HeaderValue | string>; payload: Buffer | string }): Buffer {
  const headerBytes = Buffer.concat(
    Object.entries(message.headers).map(([name, v]) => encodeHeader(name, typeof v === 'string' ? { type: 'string', value: v } : v)),
  );
  const payload = typeof message.payload === 'string' ? Buffer.from(message.payload, 'utf8') : message.payload;
  const total = PRELUDE_WITH_CRC + headerBytes.length + payload.length + TRAILER_LENGTH;
  const out = Buffer.alloc(total);
  out.writeUInt32BE(total, 0);
  out.writeUInt32BE(headerBytes.length, 4);
  out.writeUInt32BE(crc32(out.subarray(0, PRELUDE_LENGTH)), 8);
  headerBytes.copy(out, PRELUDE_WITH_CRC);
  payload.copy(out, PRELUDE_WITH_CRC + headerBytes.length);
  out.writeUInt32BE(crc32(out.subarray(0, total - TRAILER_LENGTH)), total - TRAILER_LENGTH);
  return out;
}

function decodeHeaders(bytes: Buffer): Record<string, HeaderValue> {
  const headers: Record<string, HeaderValue> = {};
  let at = 0;
  const need = (n: number): void => {
    if (at + n > bytes.length) throw new Error('event-stream header block truncated');
  };
  while (at < bytes.length) {
    need(1);
    const nameLength = bytes.readUInt8(at);
    at += 1;
    need(nameLength + 1);
    const name = bytes.toString('utf8', at, at + nameLength);
    at += nameLength;
    const type = bytes.readUInt8(at);
    at += 1;
    switch (type) {
      case TYPE_CODES.booleanTrue:
      case TYPE_CODES.booleanFalse:
        headers[name] = { type: 'boolean', value: type === TYPE_CODES.booleanTrue };
        break;
      case TYPE_CODES.byte:
        need(1);
        headers[name] = { type: 'byte', value: bytes.readInt8(at) };
        at += 1;
        break;
      case TYPE_CODES.short:
        need(2);
        headers[name] = { type: 'short', value: bytes.readInt16BE(at) };
        at += 2;
        break;
      case TYPE_CODES.integer:
        need(4);
        headers[name] = { type: 'integer', value: bytes.readInt32BE(at) };
        at += 4;
        break;
      case TYPE_CODES.long:
      case TYPE_CODES.timestamp: {
        need(8);
        const n = bytes.readBigInt64BE(at);
        headers[name] = type === TYPE_CODES.long ? { type: 'long', value: n } : { type: 'timestamp', value: new Date(Number(n)) };
        at += 8;
        break;
      }
      case TYPE_CODES.binary:
      case TYPE_CODES.string: {
        need(2);
        const length = bytes.readUInt16BE(at);
        at += 2;
        need(length);
        const slice = Buffer.from(bytes.subarray(at, at + length));
        headers[name] = type === TYPE_CODES.string ? { type: 'string', value: slice.toString('utf8') } : { type: 'binary', value: slice };
        at += length;
        break;
      }
      case TYPE_CODES.uuid: {
        need(16);
        const hex = bytes.toString('hex', at, at + 16);
        headers[name] = {
          type: 'uuid',
          value: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
        };
        at += 16;
        break;
      }
      default:
        throw new Error(`unknown event-stream header type ${type} for ${name}`);
    }
  }
  return headers;
}

/** Decodes exactly one message; throws on any length or CRC mismatch. */
export function decodeMessage(bytes: Buffer): EventStreamMessage {
  if (bytes.length < PRELUDE_WITH_CRC + TRAILER_LENGTH) throw new Error('event-stream message shorter than its prelude');
  const total = bytes.readUInt32BE(0);
  const headersLength = bytes.readUInt32BE(4);
  if (total !== bytes.length) throw new Error(`event-stream length mismatch: prelude says ${total}, got ${bytes.length}`);
  if (PRELUDE_WITH_CRC + headersLength + TRAILER_LENGTH > total) throw new Error('event-stream headers length exceeds message');
  const preludeCrc = bytes.readUInt32BE(8);
  if (crc32(bytes.subarray(0, PRELUDE_LENGTH)) !== preludeCrc) throw new Error('event-stream prelude CRC mismatch');
  const messageCrc = bytes.readUInt32BE(total - TRAILER_LENGTH);
  if (crc32(bytes.subarray(0, total - TRAILER_LENGTH)) !== messageCrc) throw new Error('event-stream message CRC mismatch');
  return {
    headers: decodeHeaders(bytes.subarray(PRELUDE_WITH_CRC, PRELUDE_WITH_CRC + headersLength)),
    payload: Buffer.from(bytes.subarray(PRELUDE_WITH_CRC + headersLength, total - TRAILER_LENGTH)),
  };
}

/** Incremental decoder for a byte stream that may split or merge frames arbitrarily. */
export class EventStreamDecoder {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Uint8Array): EventStreamMessage[] {
    this.append(chunk);
    const messages: EventStreamMessage[] = [];
    for (let m = this.next(); m; m = this.next()) messages.push(m);
    return messages;
  }

  append(chunk: Uint8Array): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : Buffer.from(chunk);
  }

  /** The next whole message, or undefined until more bytes arrive; throws on a corrupt frame. */
  next(): EventStreamMessage | undefined {
    if (this.buffer.length < 4) return undefined;
    const total = this.buffer.readUInt32BE(0);
    if (total < PRELUDE_WITH_CRC + TRAILER_LENGTH) throw new Error(`event-stream frame length ${total} is invalid`);
    if (this.buffer.length < total) return undefined;
    const message = decodeMessage(this.buffer.subarray(0, total));
    this.buffer = this.buffer.subarray(total);
    return message;
  }

  /** Bytes received but not yet forming a whole message (non-zero at end of stream means truncation). */
  get pendingBytes(): number {
    return this.buffer.length;
  }
}

export function headerString(message: EventStreamMessage, name: string): string | undefined {
  const header = message.headers[name];
  return header?.type === 'string' ? header.value : undefined;
}
