import { DailyCredentialUsage, reconcileUsage } from './reconciliation';

const day = (credential: string, over: Partial<DailyCredentialUsage> = {}): DailyCredentialUsage => ({
  credential,
  provider: 'openai',
  day: '2026-12-04',
  inputTokens: 10_000,
  outputTokens: 2_000,
  cachedInputTokens: 4_000,
  reasoningTokens: 500,
  ...over,
});
const threshold = { ratio: 0.01, tokens: 10 };

describe('reconcileUsage', () => {
  it('shows zero drift when both sides agree', () => {
    expect(reconcileUsage([day('cred-a')], [day('cred-a')], threshold)).toEqual([
      expect.objectContaining({ credential: 'cred-a', driftRatio: 0, flagged: false }),
    ]);
  });

  it('flags a provider that reports more than we metered, above both thresholds', () => {
    const [line] = reconcileUsage([day('cred-a')], [day('cred-a', { outputTokens: 2_500 })], threshold);
    expect(line).toMatchObject({ flagged: true, driftRatio: 0.2 });
  });

  it('tolerates differences within the absolute token threshold', () => {
    const [line] = reconcileUsage([day('cred-a', { inputTokens: 100 })], [day('cred-a', { inputTokens: 105 })], threshold);
    expect(line?.flagged).toBe(false);
  });

  it('flags a credential the provider billed that we never metered (a streamed call logged at nothing)', () => {
    const [line] = reconcileUsage([], [day('cred-b')], threshold);
    expect(line).toMatchObject({ credential: 'cred-b', metered: null, driftRatio: 1, flagged: true });
  });

  it('shows metered reasoning tokens as not reported (null) and never flags them when the provider has no reasoning figure', () => {
    const [line] = reconcileUsage([day('cred-a', { reasoningTokens: 1_500 })], [day('cred-a', { reasoningTokens: null })], threshold);
    expect(line).toMatchObject({ reasoningTokens: { metered: 1_500, reported: null }, driftRatio: 0, flagged: false });
  });

  it('checks reasoning drift when the provider does report a reasoning figure', () => {
    const [line] = reconcileUsage([day('cred-a', { reasoningTokens: 400 })], [day('cred-a', { reasoningTokens: 500 })], threshold);
    expect(line).toMatchObject({ reasoningTokens: { metered: 400, reported: 500 }, driftRatio: 0.2, flagged: true });
  });

  it('counts reasoning we never metered as 0 against a reported figure', () => {
    const [line] = reconcileUsage([], [day('cred-b', { reasoningTokens: 300 })], threshold);
    expect(line?.reasoningTokens).toEqual({ metered: 0, reported: 300 });
  });
});
