import { crc32 } from 'node:zlib';

export interface SpooledRecord {
  readonly topic: string;
  readonly key: string;
  readonly value: Buffer;
}

const HEADER_BYTES = 8;

/** [u32 payload length][u32 crc32(payload)][payload]; payload = [u16 topic][topic][u16 key][key][value]. */
export function encodeSpoolRecord(record: SpooledRecord): Buffer {
  const topic = Buffer.from(record.topic, 'utf8');
  const key = Buffer.from(record.key, 'utf8');
  const payload = Buffer.allocUnsafe(2 + topic.length + 2 + key.length + record.value.length);
  let at = payload.writeUInt16BE(topic.length, 0);
  at += topic.copy(payload, at);
  at = payload.writeUInt16BE(key.length, at);
  at += key.copy(payload, at);
  record.value.copy(payload, at);
  const header = Buffer.allocUnsafe(HEADER_BYTES);
  header.writeUInt32BE(payload.length, 0);
  header.writeUInt32BE(crc32(payload), 4);
  return Buffer.concat([header, payload]);
}

export interface DecodedSegment {
  records: SpooledRecord[];
  /** Bytes at the end that were torn or corrupt (a crash mid-append); they are dropped. */
  corruptTailBytes: number;
}

export function decodeSpoolSegment(data: Buffer): DecodedSegment {
  const records: SpooledRecord[] = [];
  let at = 0;
  while (at + HEADER_BYTES <= data.length) {
    const length = data.readUInt32BE(at);
    const checksum = data.readUInt32BE(at + 4);
    const end = at + HEADER_BYTES + length;
    if (end > data.length) break;
    const payload = data.subarray(at + HEADER_BYTES, end);
    if (crc32(payload) !== checksum) break;
    const topicLength = payload.readUInt16BE(0);
    const topic = payload.toString('utf8', 2, 2 + topicLength);
    const keyLength = payload.readUInt16BE(2 + topicLength);
    const keyStart = 4 + topicLength;
    const key = payload.toString('utf8', keyStart, keyStart + keyLength);
    records.push({ topic, key, value: Buffer.from(payload.subarray(keyStart + keyLength)) });
    at = end;
  }
  return { records, corruptTailBytes: data.length - at };
}
