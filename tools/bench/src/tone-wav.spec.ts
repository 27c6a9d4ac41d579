import { toneWav } from './tone-wav';

describe('toneWav', () => {
  it('writes a RIFF/WAVE header whose byte rate and data length give back the duration', () => {
    const wav = toneWav(0.5);
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.toString('ascii', 8, 16)).toBe('WAVEfmt ');
    expect(wav.toString('ascii', 36, 40)).toBe('data');
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
    const byteRate = wav.readUInt32LE(28);
    const dataBytes = wav.readUInt32LE(40);
    expect(byteRate).toBe(32_000);
    expect(dataBytes).toBe(wav.length - 44);
    expect(dataBytes / byteRate).toBe(0.5);
  });

  it('holds a tone, not silence', () => {
    const wav = toneWav(0.01);
    const samples = Array.from({ length: (wav.length - 44) / 2 }, (_, i) => wav.readInt16LE(44 + i * 2));
    expect(Math.max(...samples)).toBeGreaterThan(7_000);
    expect(Math.min(...samples)).toBeLessThan(-7_000);
  });
});
