import type { BilledFamily } from '../behaviour/usage-book';
import { jsonReply, sendReply } from '../server/http-io';
import type { Route, RouteContext } from '../server/types';

const DAY_MS = 86_400_000;

/** Day buckets over [start, end): the usage APIs answer one bucket per UTC day, empty days included. */
function days(startMs: number, endMs: number): number[] {
  const out: number[] = [];
  for (let t = Math.floor(startMs / DAY_MS) * DAY_MS; t < endMs && out.length < 31; t += DAY_MS) out.push(t);
  return out;
}

/** GET /v1/organization/usage/completions (OpenAI's usage API; start_time/end_time in epoch seconds, bucket_width=1d). */
function openAiCompletionsUsage(ctx: RouteContext): Promise<void> {
  const startMs = Number(ctx.query.get('start_time') ?? 0) * 1000;
  const endMs = ctx.query.get('end_time') ? Number(ctx.query.get('end_time')) * 1000 : Date.now();
  const groupBy = ctx.query.getAll('group_by');
  const data = days(startMs, endMs).map((t) => ({
    object: 'bucket',
    start_time: t / 1000,
    end_time: (t + DAY_MS) / 1000,
    results: ctx.app.usage.linesOf('openai', t, t + DAY_MS).map((l) => ({
      object: 'organization.usage.completions.result',
      input_tokens: l.inputTokens,
      output_tokens: l.outputTokens,
      input_cached_tokens: l.cachedInputTokens,
      input_audio_tokens: 0,
      output_audio_tokens: 0,
      num_model_requests: l.requests,
      project_id: null,
      user_id: null,
      api_key_id: groupBy.includes('api_key_id') ? l.apiKeyId : null,
      model: groupBy.includes('model') ? l.model : null,
      batch: null,
    })),
  }));
  sendReply(ctx.res, jsonReply(200, { object: 'page', data, has_more: false, next_page: null }));
  return Promise.resolve();
}

/** GET /v1/organizations/usage_report/messages (Anthropic's usage report; starting_at/ending_at RFC 3339, bucket_width=1d). */
function anthropicMessagesUsage(ctx: RouteContext): Promise<void> {
  const startMs = Date.parse(ctx.query.get('starting_at') ?? '') || 0;
  const endMs = Date.parse(ctx.query.get('ending_at') ?? '') || Date.now();
  const groupBy = ctx.query.getAll('group_by[]');
  const data = days(startMs, endMs).map((t) => ({
    starting_at: new Date(t).toISOString().replace('.000Z', 'Z'),
    ending_at: new Date(t + DAY_MS).toISOString().replace('.000Z', 'Z'),
    results: ctx.app.usage.linesOf('anthropic', t, t + DAY_MS).map((l) => ({
      uncached_input_tokens: l.inputTokens - l.cachedInputTokens - l.cacheWriteTokens,
      cache_read_input_tokens: l.cachedInputTokens,
      cache_creation: { ephemeral_5m_input_tokens: l.cacheWriteTokens, ephemeral_1h_input_tokens: 0 },
      output_tokens: l.outputTokens,
      server_tool_use: { web_search_requests: 0 },
      api_key_id: groupBy.includes('api_key_id') ? l.apiKeyId : null,
      workspace_id: null,
      model: groupBy.includes('model') ? l.model : null,
      service_tier: null,
      context_window: null,
    })),
  }));
  sendReply(ctx.res, jsonReply(200, { data, has_more: false, next_page: null }));
  return Promise.resolve();
}

const report = (family: BilledFamily, pattern: RegExp, handle: (ctx: RouteContext) => Promise<void>): Route => ({
  method: 'GET',
  pattern,
  family,
  handle,
});

/**
 * The providers' usage APIs, computed from the traffic this mock actually
 * served. Neither real API has a reasoning figure (reasoning and thinking
 * tokens are inside output_tokens), so neither does the mock.
 */
export const usageReportRoutes: Route[] = [
  report('openai', /^\/v1\/organization\/usage\/completions$/, openAiCompletionsUsage),
  report('anthropic', /^\/v1\/organizations\/usage_report\/messages$/, anthropicMessagesUsage),
];
