import { hashString, seededRandom } from './determinism';

/** A unit-length vector that depends only on the text and the dimension count. */
export function embeddingFor(text: string, dimensions: number): number[] {
  const random = seededRandom(hashString(`${dimensions}:${text}`));
  const values: number[] = [];
  let norm = 0;
  for (let i = 0; i < dimensions; i++) {
    const v = random() * 2 - 1;
    values.push(v);
    norm += v * v;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 1;
  // Round through float32 so float and base64 encodings carry identical numbers.
  return Array.from(new Float32Array(values.map((v) => v * scale)));
}

export function float32Base64(values: number[]): string {
  return Buffer.from(new Float32Array(values).buffer).toString('base64');
}
