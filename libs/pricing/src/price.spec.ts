import { MeteredUnit } from '@switchyard/contracts';
import { callCost, costMicroUsd, costNanoUsd, imagePrice, microUsdOfNanos } from './price';
import { PriceTable } from './price-table';

describe('costMicroUsd', () => {
  const table = PriceTable.builtIn();

  it('prices gpt-4o-mini at the public list price ($0.15 in / $0.60 out per million)', () => {
    const price = table.find('openai', 'gpt-4o-mini');
    expect(price).toBeDefined();
    // 1,000,000 in + 1,000,000 out = $0.75 = 750,000 micro-USD
    expect(costMicroUsd({ inputTokens: 1_000_000, outputTokens: 1_000_000, cachedInputTokens: 0, cacheWriteTokens: 0 }, price!)).toBe(
      750_000,
    );
  });

  it('charges cached input at the cached price (claude-sonnet-4: $3 in, $0.30 cached, $3.75 write, $15 out)', () => {
    const price = table.find('anthropic', 'claude-sonnet-4-20250514')!;
    const cost = costMicroUsd({ inputTokens: 10_000, cachedInputTokens: 6_000, cacheWriteTokens: 2_000, outputTokens: 1_000 }, price);
    // 2000*3 + 6000*0.3 + 2000*3.75 + 1000*15 = 6000 + 1800 + 7500 + 15000 = 30,300 micro-USD
    expect(cost).toBe(30_300);
  });

  it('bills reasoning as output and audio at the audio prices (gpt-audio: $2.50/$10 text, $32/$64 audio)', () => {
    const price = table.find('openai', 'gpt-audio')!;
    const cost = costMicroUsd(
      { inputTokens: 1_000, audioInputTokens: 400, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 500, audioOutputTokens: 200 },
      price,
    );
    // 600*2.5 + 400*32 + 300*10 + 200*64 = 1500 + 12800 + 3000 + 12800 = 30,100 micro-USD
    expect(cost).toBe(30_100);
    // A model without audio prices bills audio parts as plain input/output.
    const mini = table.find('openai', 'gpt-4o-mini')!;
    expect(
      costMicroUsd(
        { inputTokens: 1_000_000, audioInputTokens: 1_000_000, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0 },
        mini,
      ),
    ).toBe(150_000);
  });

  it('rounds the exact total half up, once', () => {
    const price = { input: 150_000, output: 600_000, cachedInput: 75_000, cacheWrite: 150_000 };
    // 9 input tokens at $0.15/M = 1.35 micro-USD -> 1; 10 -> 1.5 -> 2
    expect(costMicroUsd({ inputTokens: 9, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0 }, price)).toBe(1);
    expect(costMicroUsd({ inputTokens: 10, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0 }, price)).toBe(2);
  });

  it('never charges more cached tokens than input tokens', () => {
    const price = { input: 1_000_000, output: 0, cachedInput: 500_000, cacheWrite: 2_000_000 };
    expect(costMicroUsd({ inputTokens: 10, outputTokens: 0, cachedInputTokens: 50, cacheWriteTokens: 50 }, price)).toBe(5);
  });

  it('every table entry has integer, non-negative prices', () => {
    for (const e of table.entries()) {
      for (const v of [e.input, e.output, e.cachedInput, e.cacheWrite]) {
        expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
      }
    }
  });
});

describe('costNanoUsd', () => {
  const embedding = { input: 20_000, output: 0, cachedInput: 20_000, cacheWrite: 20_000 };
  const tokens = (inputTokens: number) => ({ inputTokens, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0 });

  it('keeps what rounding to micro-USD zeroes: 5 embedding tokens at $0.02 per million are 100 nano-USD', () => {
    expect(costMicroUsd(tokens(5), embedding)).toBe(0);
    expect(costNanoUsd(tokens(5), embedding)).toBe(100);
    expect(callCost(tokens(5), embedding)).toEqual({ microUsd: 0, nanoUsd: 100 });
  });

  it('a sum of nanos shown in micro-USD is the exact total, rounded half up once', () => {
    const calls = Array.from({ length: 10_005 }, () => costNanoUsd(tokens(5), embedding));
    const sum = calls.reduce((s, n) => s + n, 0);
    expect(sum).toBe(1_000_500);
    expect(microUsdOfNanos(sum)).toBe(1_001); // 1,000.5 micro-USD, half up
    expect(microUsdOfNanos(1_000_499)).toBe(1_000);
  });

  it('rounds a price finer than a nano-USD per token half up, once per call', () => {
    const tiny = { input: 1, output: 0, cachedInput: 1, cacheWrite: 1 }; // 0.001 nano-USD per token
    expect(costNanoUsd(tokens(499), tiny)).toBe(0);
    expect(costNanoUsd(tokens(500), tiny)).toBe(1);
  });
});

describe('non-token units', () => {
  const table = PriceTable.builtIn();
  const none = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0 };
  const metered = (unit: MeteredUnit, quantity: number, variant = '') => ({ ...none, metered: { unit, quantity, variant } });

  it('prices whisper-1 per minute of audio ($0.006/min), to the millisecond', () => {
    const price = table.find('openai', 'whisper-1')!;
    expect(costMicroUsd(metered(MeteredUnit.METERED_UNIT_AUDIO_MS, 60_000), price)).toBe(6_000);
    // 1.5 s = 150 micro-USD; 1 ms = 0.1 micro-USD = 100 nano-USD
    expect(costMicroUsd(metered(MeteredUnit.METERED_UNIT_AUDIO_MS, 1_500), price)).toBe(150);
    expect(costNanoUsd(metered(MeteredUnit.METERED_UNIT_AUDIO_MS, 1), price)).toBe(100);
  });

  it('prices tts-1 per million characters ($15/M) and tts-1-hd at $30/M', () => {
    expect(costMicroUsd(metered(MeteredUnit.METERED_UNIT_CHARACTER, 1_000), table.find('openai', 'tts-1')!)).toBe(15_000);
    expect(costMicroUsd(metered(MeteredUnit.METERED_UNIT_CHARACTER, 1_000), table.find('openai', 'tts-1-hd')!)).toBe(30_000);
  });

  it('prices images by size and quality (dall-e-3: $0.04 standard square, $0.12 hd tall), else the model default', () => {
    const price = table.find('openai', 'dall-e-3')!;
    expect(costMicroUsd(metered(MeteredUnit.METERED_UNIT_IMAGE, 2, '1024x1024/standard'), price)).toBe(80_000);
    expect(costMicroUsd(metered(MeteredUnit.METERED_UNIT_IMAGE, 1, '1024x1792/hd'), price)).toBe(120_000);
    expect(imagePrice(price, '512x512/odd')).toBe(40_000);
    expect(imagePrice(table.find('openai', 'gpt-image-1')!, '1536x1024/low')).toBe(16_000);
  });

  it('prices Imagen on the Gemini API per image whatever the size: 3 at $0.03, 4 at $0.04, Fast $0.02, Ultra $0.06', () => {
    const imagen = (model: string, count: number, variant: string) =>
      costMicroUsd(metered(MeteredUnit.METERED_UNIT_IMAGE, count, variant), table.find('gemini', model)!);
    expect(imagen('imagen-3.0-generate-002', 1, '1024x1024/standard')).toBe(30_000);
    expect(imagen('imagen-4.0-generate-001', 2, '2048x2048/standard')).toBe(80_000);
    expect(imagen('imagen-4.0-fast-generate-001', 4, '1792x1024/standard')).toBe(80_000);
    expect(imagen('imagen-4.0-ultra-generate-001', 1, '1408x768/standard')).toBe(60_000);
  });

  it('adds a metered quantity to the tokens of the same call, and ignores a unit the price does not list', () => {
    const price = table.find('openai', 'gpt-4o-mini-tts')!;
    // 1000 text tokens at $0.60/M + 1000 audio output tokens at $12/M = 600 + 12,000 micro-USD; tts-mini has no character price
    expect(
      costMicroUsd(
        {
          ...none,
          inputTokens: 1_000,
          outputTokens: 1_000,
          audioOutputTokens: 1_000,
          metered: { unit: MeteredUnit.METERED_UNIT_CHARACTER, quantity: 99, variant: '' },
        },
        price,
      ),
    ).toBe(12_600);
  });

  it('every metered price in the table is a whole, non-negative micro-USD figure', () => {
    for (const e of table.entries()) {
      const figures = [e.audioMinute ?? 0, e.millionCharacters ?? 0, ...Object.values(e.image ?? {}).map((v) => v ?? -1)];
      for (const v of figures) expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
    }
  });
});
