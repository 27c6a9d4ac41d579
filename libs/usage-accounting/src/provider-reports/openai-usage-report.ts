import type { ProviderUsageRow } from './provider-usage-row';

/** GET {admin root}/organization/usage/completions: one UTC day, per API key (OpenAI's usage API). */
export function openAiUsageReportUrl(baseUrl: string, day: string): string {
  const start = Date.parse(`${day}T00:00:00Z`) / 1000;
  const q = new URLSearchParams({ start_time: String(start), end_time: String(start + 86_400), bucket_width: '1d', limit: '1' });
  q.append('group_by', 'api_key_id');
  q.append('group_by', 'model');
  return `${baseUrl.replace(/\/+$/, '')}/organization/usage/completions?${q.toString()}`;
}

interface OpenAiUsagePage {
  data?: Array<{
    start_time?: number;
    results?: Array<{ api_key_id?: string | null; input_tokens?: number; output_tokens?: number; input_cached_tokens?: number }>;
  }>;
}

/** OpenAI's input_tokens already include the cached ones (as our inputTokens do), its output_tokens the reasoning ones. */
export function openAiUsageReportRows(body: unknown): ProviderUsageRow[] {
  const rows: ProviderUsageRow[] = [];
  for (const bucket of (body as OpenAiUsagePage).data ?? []) {
    const day = new Date((bucket.start_time ?? 0) * 1000).toISOString().slice(0, 10);
    for (const r of bucket.results ?? []) {
      rows.push({
        apiKeyId: r.api_key_id ?? '',
        day,
        inputTokens: r.input_tokens ?? 0,
        outputTokens: r.output_tokens ?? 0,
        cachedInputTokens: r.input_cached_tokens ?? 0,
        // The completions usage result has no reasoning field: reasoning is inside output_tokens.
        reasoningTokens: null,
      });
    }
  }
  return rows;
}
