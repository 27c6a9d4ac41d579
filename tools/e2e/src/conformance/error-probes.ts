import OpenAI from 'openai';
import { check, observe } from './check';
import type { Cell } from './matrix';
import type { OpenAiProbeContext } from './openai-probes';

interface ExpectedError {
  readonly status: number;
  readonly code: string;
  /** The usage event's status (the error class) for the failed attempt. */
  readonly usageStatus: string;
}

/** One chat call that must fail with `expected`; the cell shows what the client saw. */
async function failing(
  ctx: OpenAiProbeContext,
  model: string,
  content: string,
  expected: ExpectedError,
  extra?: (error: InstanceType<typeof OpenAI.APIError>) => void,
): Promise<Cell> {
  const result = await observe(() => ctx.client.chat.completions.create({ model, messages: [{ role: 'user', content }] }));
  check(!result.ok, `expected HTTP ${expected.status}, but the call succeeded`);
  const error = result.error;
  check(error instanceof OpenAI.APIError, `expected an API error, got ${String(error)}`);
  check(
    error.status === expected.status && error.code === expected.code,
    `expected ${expected.status} ${expected.code}, got ${error.status} ${String(error.code)}: ${error.message}`,
  );
  check(
    typeof error.error === 'object' && error.error !== null && 'message' in error.error && 'type' in error.error,
    'OpenAI-style error body',
  );
  extra?.(error);
  ctx.expectUsage({ requestId: error.requestID ?? '', what: `${model} ${expected.usageStatus}`, status: expected.usageStatus });
  return { outcome: 'pass', detail: `${expected.status} ${expected.code}` };
}

export const errorProbes: Record<string, (ctx: OpenAiProbeContext, models: { chat: string; slow: string; down: string }) => Promise<Cell>> =
  {
    rate_limited: (ctx, m) =>
      failing(
        ctx,
        m.chat,
        'Busy? [[mock:status=429,retry_after=2]]',
        { status: 429, code: 'rate_limit_exceeded', usageStatus: 'rate_limited' },
        (e) => check(e.headers?.get('retry-after') === '2', `retry-after from the provider is passed on: ${e.headers?.get('retry-after')}`),
      ),
    auth: (ctx, m) =>
      failing(ctx, m.chat, 'Key? [[mock:status=401]]', { status: 502, code: 'upstream_authentication_failed', usageStatus: 'auth' }),
    invalid_request: (ctx, m) =>
      failing(ctx, m.chat, 'Bad [[mock:status=400]]', { status: 400, code: 'invalid_request', usageStatus: 'invalid_request' }),
    context_length: (ctx, m) =>
      failing(ctx, m.chat, 'Too long [[mock:context_length]]', {
        status: 400,
        code: 'context_length_exceeded',
        usageStatus: 'context_length',
      }),
    content_filter: async (ctx, m) => {
      // A prompt the provider's own safety filter blocks: an error where the provider answers with one
      // (Azure's content_filter 400, Gemini's promptFeedback.blockReason), a filtered answer elsewhere.
      const prompt = await observe(() =>
        ctx.client.chat.completions.create({
          model: m.chat,
          messages: [{ role: 'user', content: 'Blocked prompt [[mock:prompt_filter]]' }],
        }),
      );
      let promptSeen = '';
      if (!prompt.ok) {
        const error = prompt.error;
        check(
          error instanceof OpenAI.APIError && error.status === 400 && error.code === 'content_filter',
          `a blocked prompt is a 400 content_filter: ${String(error)}`,
        );
        ctx.expectUsage({ requestId: error.requestID ?? '', what: `${m.chat} blocked prompt`, status: 'content_filter' });
        promptSeen = '400 content_filter';
      } else if (prompt.value.choices[0]?.finish_reason === 'content_filter') {
        promptSeen = 'finish_reason content_filter';
      }
      // An answer the provider filtered.
      const answer = await ctx.client.chat.completions.create({
        model: m.chat,
        messages: [{ role: 'user', content: 'Something unsafe [[mock:content_filter]]' }],
      });
      const finish = answer.choices[0]?.finish_reason;
      check(finish === 'content_filter' || finish === 'stop', `finish_reason: ${finish}`);
      const answerSeen = finish === 'content_filter' ? 'finish_reason content_filter' : '';
      if (!promptSeen && !answerSeen) return { outcome: 'absent' };
      return { outcome: 'pass', detail: `prompt: ${promptSeen || '–'}; answer: ${answerSeen || '–'}` };
    },
    timeout: (ctx, m) =>
      failing(ctx, m.slow, 'Slow [[mock:latency=4000]]', { status: 504, code: 'upstream_timeout', usageStatus: 'timeout' }),
    upstream_5xx: (ctx, m) =>
      failing(ctx, m.chat, 'Overloaded [[mock:status=503]]', { status: 502, code: 'upstream_error', usageStatus: 'upstream_5xx' }),
    network: (ctx, m) => failing(ctx, m.down, 'Anyone there?', { status: 502, code: 'upstream_unreachable', usageStatus: 'network' }),
    stream_interrupted: async (ctx, m) => {
      const { data, response } = await ctx.client.chat.completions
        .create({
          model: m.chat,
          stream: true,
          stream_options: { include_usage: true },
          messages: [{ role: 'user', content: 'Cut me off [[mock:cut=2]]' }],
        })
        .withResponse();
      let text = '';
      const result = await observe(async () => {
        for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? '';
      });
      check(text.length > 0, 'the chunks before the cut reached the client');
      check(
        !result.ok && result.error instanceof OpenAI.APIError && result.error.code === 'stream_interrupted',
        `the stream ends with a stream_interrupted error: ${result.ok ? 'no error' : String(result.error)}`,
      );
      // The provider never sent its usage: the attempt is billed from the tokenizer, marked estimated.
      ctx.expectUsage({
        requestId: response.headers.get('x-request-id') ?? '',
        what: `${m.chat} cut stream`,
        status: 'stream_interrupted',
        estimated: 1,
      });
      return { outcome: 'pass', detail: 'SSE error stream_interrupted' };
    },
  };
