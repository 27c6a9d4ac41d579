import type { ProviderUsageRow } from './provider-usage-row';

/** GET {root}/organizations/usage_report/messages: one UTC day, per API key (Anthropic's usage report). */
export function anthropicUsageReportUrl(baseUrl: string, day: string): string {
  const start = new Date(`${day}T00:00:00Z`);
  const end = new Date(start.getTime() + 86_400_000);
  const q = new URLSearchParams({ starting_at: start.toISOString(), ending_at: end.toISOString(), bucket_width: '1d' });
  q.append('group_by[]', 'api_key_id');
  q.append('group_by[]', 'model');
  return `${baseUrl.replace(/\/+$/, '')}/organizations/usage_report/messages?${q.toString()}`;
}

interface AnthropicUsagePage {
  data?: Array<{
    starting_at?: string;
    results?: Array<{
      api_key_id?: string | null;
      uncached_input_tokens?: number;
      cache_read_input_tokens?: number;
      cache_creation?: { ephemeral_5m_input_tokens?: number; ephemeral_1h_input_tokens?: number };
      output_tokens?: number;
    }>;
  }>;
}

/** Anthropic splits input into uncached, cache reads and cache writes; our inputTokens is their sum. */
export function anthropicUsageReportRows(body: unknown): ProviderUsageRow[] {
  const rows: ProviderUsageRow[] = [];
  for (const bucket of (body as AnthropicUsagePage).data ?? []) {
    const day = (bucket.starting_at ?? '').slice(0, 10);
    for (const r of bucket.results ?? []) {
      const written = (r.cache_creation?.ephemeral_5m_input_tokens ?? 0) + (r.cache_creation?.ephemeral_1h_input_tokens ?? 0);
      const cached = r.cache_read_input_tokens ?? 0;
      rows.push({
        apiKeyId: r.api_key_id ?? '',
        day,
        inputTokens: (r.uncached_input_tokens ?? 0) + cached + written,
        outputTokens: r.output_tokens ?? 0,
        cachedInputTokens: cached,
        // The messages usage report has no thinking/reasoning field: thinking is inside output_tokens.
        reasoningTokens: null,
      });
    }
  }
  return rows;
}
