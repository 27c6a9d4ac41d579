import { crc32 as zlibCrc32 } from 'node:zlib';
import { crc32, decodeMessage, encodeMessage, EventStreamDecoder, headerString, type HeaderValue } from './aws-event-stream';

// Published AWS event-stream test vectors (aws-c-event-stream / SDK suites).
const EMPTY_MESSAGE = '000000100000000005c248eb7d98c8ff';
const JSON_WITH_CONTENT_TYPE =
  '0000003d0000002007fd83960c636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e7b27666f6f273a27626172277d8d9c08b1';

describe('event-stream CRC32', () => {
  it('matches the standard check value and zlib', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    const sample = Buffer.from('the quick brown fox jumps over the lazy dog');
    expect(crc32(sample)).toBe(zlibCrc32(sample));
    expect(crc32(sample.subarray(10), crc32(sample.subarray(0, 10)))).toBe(crc32(sample));
  });
});

describe('event-stream encoder/decoder', () => {
  it('reproduces the empty-message vector byte for byte', () => {
    expect(encodeMessage({ headers: {}, payload: Buffer.alloc(0) }).toString('hex')).toBe(EMPTY_MESSAGE);
    expect(decodeMessage(Buffer.from(EMPTY_MESSAGE, 'hex'))).toEqual({ headers: {}, payload: Buffer.alloc(0) });
  });

  it('reproduces the content-type + JSON payload vector byte for byte', () => {
    const encoded = encodeMessage({ headers: { 'content-type': 'application/json' }, payload: "{'foo':'bar'}" });
    expect(encoded.toString('hex')).toBe(JSON_WITH_CONTENT_TYPE);
    const decoded = decodeMessage(Buffer.from(JSON_WITH_CONTENT_TYPE, 'hex'));
    expect(headerString(decoded, 'content-type')).toBe('application/json');
    expect(decoded.payload.toString()).toBe("{'foo':'bar'}");
  });

  it('round-trips every header type', () => {
    const headers: Record<string, HeaderValue> = {
      t: { type: 'boolean', value: true },
      f: { type: 'boolean', value: false },
      b: { type: 'byte', value: -7 },
      s: { type: 'short', value: 1234 },
      i: { type: 'integer', value: -123456 },
      l: { type: 'long', value: 9007199254740993n },
      bin: { type: 'binary', value: Buffer.from([0, 1, 2, 255]) },
      str: { type: 'string', value: 'héllo' },
      ts: { type: 'timestamp', value: new Date(1700000000123) },
      id: { type: 'uuid', value: '01234567-89ab-cdef-0123-456789abcdef' },
    };
    expect(decodeMessage(encodeMessage({ headers, payload: 'x' }))).toEqual({ headers, payload: Buffer.from('x') });
  });

  it('rejects corrupted frames', () => {
    const good = Buffer.from(JSON_WITH_CONTENT_TYPE, 'hex');
    const badPrelude = Buffer.from(good);
    badPrelude[9] = (badPrelude[9] ?? 0) ^ 0xff;
    expect(() => decodeMessage(badPrelude)).toThrow(/prelude CRC/);
    const badBody = Buffer.from(good);
    badBody[40] = (badBody[40] ?? 0) ^ 0x01;
    expect(() => decodeMessage(badBody)).toThrow(/message CRC/);
    expect(() => decodeMessage(good.subarray(0, 20))).toThrow(/length mismatch/);
  });

  it('decodes incrementally across arbitrary chunk boundaries', () => {
    const frames = [1, 2, 3].map((n) => encodeMessage({ headers: { ':event-type': `e${n}` }, payload: JSON.stringify({ n }) }));
    const all = Buffer.concat(frames);
    for (const size of [1, 5, 17, all.length]) {
      const decoder = new EventStreamDecoder();
      const out = [];
      for (let i = 0; i < all.length; i += size) out.push(...decoder.push(all.subarray(i, i + size)));
      expect(out.map((m) => headerString(m, ':event-type'))).toEqual(['e1', 'e2', 'e3']);
      expect(decoder.pendingBytes).toBe(0);
    }
  });
});
