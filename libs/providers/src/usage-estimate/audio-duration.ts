/**
 * The length of a RIFF/WAVE file in milliseconds, read from its header (byte
 * rate and data chunk size); undefined for any other container. Used to bill
 * a per-minute model whose provider reported no duration.
 */
export function wavDurationMs(audio: Uint8Array): number | undefined {
  const bytes = Buffer.from(audio.buffer, audio.byteOffset, audio.byteLength);
  if (bytes.length < 12 || bytes.toString('ascii', 0, 4) !== 'RIFF' || bytes.toString('ascii', 8, 12) !== 'WAVE') return undefined;
  let byteRate = 0;
  for (let at = 12; at + 8 <= bytes.length;) {
    const id = bytes.toString('ascii', at, at + 4);
    const size = bytes.readUInt32LE(at + 4);
    if (id === 'fmt ' && at + 16 <= bytes.length) byteRate = bytes.readUInt32LE(at + 16);
    if (id === 'data') {
      if (byteRate <= 0) return undefined;
      const data = Math.min(size, bytes.length - at - 8);
      return Math.round((data * 1000) / byteRate);
    }
    at += 8 + size + (size % 2);
  }
  return undefined;
}
