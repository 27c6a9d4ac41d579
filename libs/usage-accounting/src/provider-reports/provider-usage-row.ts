import type { DailyCredentialUsage } from '../reconciliation';
import { anthropicUsageReportRows, anthropicUsageReportUrl } from './anthropic-usage-report';
import { openAiUsageReportRows, openAiUsageReportUrl } from './openai-usage-report';

/** One result of a provider's usage report, in our token terms, before it is tied to a credential. */
export interface ProviderUsageRow {
  /** The provider's own id of the API key the usage ran on. */
  readonly apiKeyId: string;
  readonly day: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cachedInputTokens: number;
  /** null: the report has no reasoning figure (docs/analytics.md, "Reconciliation"). */
  readonly reasoningTokens: number | null;
}

/** A provider account whose usage report is reconciled: where to ask, with which admin key, and which of its keys are which credential. */
export interface UsageReportSource {
  readonly provider: 'openai' | 'anthropic';
  /** API root including the version, e.g. https://api.openai.com/v1. */
  readonly baseUrl: string;
  readonly adminKey: string;
  /** The provider's api_key_id -> our credential_ref. */
  readonly credentials: Readonly<Record<string, string>>;
}

export interface UsageReportRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
}

export function usageReportRequest(source: UsageReportSource, day: string): UsageReportRequest {
  if (source.provider === 'openai')
    return { url: openAiUsageReportUrl(source.baseUrl, day), headers: { authorization: `Bearer ${source.adminKey}` } };
  return {
    url: anthropicUsageReportUrl(source.baseUrl, day),
    headers: { 'x-api-key': source.adminKey, 'anthropic-version': '2023-06-01' },
  };
}

/** The report's rows summed per credential (models folded together); keys no credential maps to are kept under their own id. */
export function reportedUsage(source: UsageReportSource, body: unknown): DailyCredentialUsage[] {
  const rows = source.provider === 'openai' ? openAiUsageReportRows(body) : anthropicUsageReportRows(body);
  const byKey = new Map<string, DailyCredentialUsage>();
  for (const r of rows) {
    const credential = source.credentials[r.apiKeyId] ?? r.apiKeyId;
    const key = `${credential}\u0000${r.day}`;
    const prev = byKey.get(key);
    byKey.set(key, {
      credential,
      provider: source.provider,
      day: r.day,
      inputTokens: (prev?.inputTokens ?? 0) + r.inputTokens,
      outputTokens: (prev?.outputTokens ?? 0) + r.outputTokens,
      cachedInputTokens: (prev?.cachedInputTokens ?? 0) + r.cachedInputTokens,
      reasoningTokens: sumReported(prev?.reasoningTokens, r.reasoningTokens),
    });
  }
  return [...byKey.values()];
}

/** A figure the report carries stays a sum; one it never carries stays null (not reported, not 0). */
function sumReported(prev: number | null | undefined, next: number | null): number | null {
  if (prev === undefined || prev === null) return next;
  return next === null ? prev : prev + next;
}

/** USAGE_RECONCILIATION_SOURCES: a JSON array of UsageReportSource. */
export function parseUsageReportSources(raw: string): UsageReportSource[] {
  const parsed: unknown = JSON.parse(raw || '[]');
  if (!Array.isArray(parsed)) throw new Error('USAGE_RECONCILIATION_SOURCES must be a JSON array');
  return parsed.map((s: Partial<UsageReportSource>, i) => {
    if ((s.provider !== 'openai' && s.provider !== 'anthropic') || typeof s.baseUrl !== 'string' || typeof s.adminKey !== 'string')
      throw new Error(`USAGE_RECONCILIATION_SOURCES[${i}] needs provider (openai|anthropic), baseUrl and adminKey`);
    return { provider: s.provider, baseUrl: s.baseUrl, adminKey: s.adminKey, credentials: s.credentials ?? {} };
  });
}
