import { wavDurationMs } from './audio-duration';

function wav(dataBytes: number, byteRate: number): Uint8Array {
  const out = Buffer.alloc(44 + dataBytes);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(36 + dataBytes, 4);
  out.write('WAVEfmt ', 8, 'ascii');
  out.writeUInt32LE(16, 16);
  out.writeUInt32LE(byteRate, 28);
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(dataBytes, 40);
  return out;
}

describe('wavDurationMs', () => {
  it('reads the length from the header: data bytes over the byte rate', () => {
    expect(wavDurationMs(wav(32_000, 32_000))).toBe(1_000);
    expect(wavDurationMs(wav(48_000, 32_000))).toBe(1_500);
  });

  it('knows no length for other containers', () => {
    expect(wavDurationMs(Buffer.from('ID3 an mp3 file'))).toBeUndefined();
  });
});
