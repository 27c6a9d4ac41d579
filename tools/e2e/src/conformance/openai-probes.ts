import OpenAI from 'openai';
import { check, observe, TINY_PNG_BASE64, UsageExpectation, WEATHER_SCHEMA } from './check';
import type { Cell } from './matrix';

export interface OpenAiProbeContext {
  readonly client: OpenAI;
  expectUsage(expectation: UsageExpectation): void;
}

const REPLY = /^Mock reply from /;

function unsupportedCell(error: unknown, model: string, feature: RegExp): Cell {
  check(error instanceof OpenAI.APIError, `expected an API error, got ${String(error)}`);
  check(error.status === 400, `expected 400 for an unsupported feature, got ${error.status}: ${error.message}`);
  check(error.code === 'unsupported_parameter', `expected code unsupported_parameter, got ${String(error.code)}`);
  check(
    error.message.includes(`'${model}'`) && feature.test(error.message),
    `the 400 must name the model and the feature: ${error.message}`,
  );
  return { outcome: 'unsupported' };
}

export async function chat(ctx: OpenAiProbeContext, model: string): Promise<Cell> {
  const { data, response } = await ctx.client.chat.completions
    .create({
      model,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello conformance suite' },
      ],
    })
    .withResponse();
  const choice = data.choices[0];
  check(data.object === 'chat.completion', 'object is chat.completion');
  check(REPLY.test(choice?.message.content ?? ''), `reply text: ${choice?.message.content}`);
  check(choice?.finish_reason === 'stop', `finish_reason: ${choice?.finish_reason}`);
  check((data.usage?.prompt_tokens ?? 0) > 0 && (data.usage?.completion_tokens ?? 0) > 0, 'usage is reported');
  ctx.expectUsage({
    requestId: response.headers.get('x-request-id') ?? '',
    what: `${model} chat`,
    status: 'ok',
    estimated: 0,
    inputTokens: data.usage!.prompt_tokens,
    outputTokens: data.usage!.completion_tokens,
  });
  return { outcome: 'pass' };
}

export async function stream(ctx: OpenAiProbeContext, model: string): Promise<Cell> {
  const { data, response } = await ctx.client.chat.completions
    .create({
      model,
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'Stream something please' }],
    })
    .withResponse();
  let text = '';
  let finish: string | null = null;
  let usage: OpenAI.CompletionUsage | undefined;
  let chunks = 0;
  for await (const chunk of data) {
    chunks++;
    text += chunk.choices[0]?.delta.content ?? '';
    finish = chunk.choices[0]?.finish_reason ?? finish;
    if (chunk.usage) usage = chunk.usage;
  }
  check(chunks > 3, `a real stream has several chunks (${chunks})`);
  check(REPLY.test(text), `streamed text: ${text}`);
  check(finish === 'stop', `finish_reason: ${finish}`);
  check(usage !== undefined && usage.prompt_tokens > 0 && usage.completion_tokens > 0, 'a usage chunk with counts');
  ctx.expectUsage({
    requestId: response.headers.get('x-request-id') ?? '',
    what: `${model} stream`,
    status: 'ok',
    estimated: 0,
    inputTokens: usage.prompt_tokens,
    outputTokens: usage.completion_tokens,
  });
  return { outcome: 'pass' };
}

export async function tools(ctx: OpenAiProbeContext, model: string): Promise<Cell> {
  const toolDefs: OpenAI.ChatCompletionTool[] = [
    { type: 'function', function: { name: 'get_weather', description: 'Current weather', parameters: WEATHER_SCHEMA } },
  ];
  const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'What is the weather in Paris?' }];
  const first = await ctx.client.chat.completions.create({ model, messages, tools: toolDefs, tool_choice: 'auto' });
  const call = first.choices[0]?.message.tool_calls?.[0];
  check(first.choices[0]?.finish_reason === 'tool_calls', `first turn finish_reason: ${first.choices[0]?.finish_reason}`);
  check(call?.type === 'function' && call.function.name === 'get_weather' && call.id, 'a get_weather call with an id');
  const args = JSON.parse(call.function.arguments) as { city?: unknown };
  check(typeof args.city === 'string', `arguments fill the schema: ${call.function.arguments}`);
  messages.push(first.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: '{"temp_c": 18, "sky": "clear"}' });
  const second = await ctx.client.chat.completions.create({ model, messages, tools: toolDefs });
  check(second.choices[0]?.finish_reason === 'stop', `second turn finish_reason: ${second.choices[0]?.finish_reason}`);
  check(REPLY.test(second.choices[0]?.message.content ?? ''), 'the tool result is answered in text');
  return { outcome: 'pass' };
}

export async function image(ctx: OpenAiProbeContext, model: string): Promise<Cell> {
  const data = await ctx.client.chat.completions.create({
    model,
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in this picture?' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${TINY_PNG_BASE64}` } },
        ],
      },
    ],
  });
  check(
    (data.choices[0]?.message.content ?? '').includes('(saw 1 image)'),
    `the provider saw the image: ${data.choices[0]?.message.content}`,
  );
  return { outcome: 'pass' };
}

export async function json(ctx: OpenAiProbeContext, model: string): Promise<Cell> {
  const result = await observe(() =>
    ctx.client.chat.completions.create({
      model,
      response_format: { type: 'json_object' },
      messages: [{ role: 'user', content: 'Answer as a JSON object' }],
    }),
  );
  if (!result.ok) return unsupportedCell(result.error, model, /JSON mode/);
  const parsed = JSON.parse(result.value.choices[0]?.message.content ?? '') as unknown;
  check(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed), 'the content is a JSON object');
  return { outcome: 'pass' };
}

export async function embeddings(ctx: OpenAiProbeContext, model: string): Promise<Cell> {
  const result = await observe(() => ctx.client.embeddings.create({ model, input: ['alpha bravo', 'charlie'] }));
  if (!result.ok) return unsupportedCell(result.error, model, /embeddings/);
  const data = result.value;
  check(data.data.length === 2 && data.data.every((e, i) => e.index === i && e.embedding.length > 0), 'two vectors in order');
  check(data.usage.prompt_tokens > 0, 'input tokens are counted (by the provider or, marked estimated, by the gateway)');
  return { outcome: 'pass' };
}

export async function cachedTokens(ctx: OpenAiProbeContext, model: string): Promise<Cell> {
  const data = await ctx.client.chat.completions.create({
    model,
    messages: [{ role: 'user', content: 'Long shared prefix question [[mock:cached=5]]' }],
  });
  const cached = data.usage?.prompt_tokens_details?.cached_tokens ?? 0;
  check(cached === 5 || cached === 0, `cached tokens are the provider's figure or absent: ${cached}`);
  check((data.usage?.prompt_tokens ?? 0) >= cached, 'cached tokens are part of the prompt tokens');
  return { outcome: cached === 5 ? 'pass' : 'absent' };
}

export async function reasoningTokens(ctx: OpenAiProbeContext, model: string): Promise<Cell> {
  const data = await ctx.client.chat.completions.create({
    model,
    messages: [{ role: 'user', content: 'Think first [[mock:reasoning=7]]' }],
  });
  const reasoning = data.usage?.completion_tokens_details?.reasoning_tokens ?? 0;
  check(reasoning === 7 || reasoning === 0, `reasoning tokens are the provider's figure or absent: ${reasoning}`);
  check((data.usage?.completion_tokens ?? 0) >= 7, 'thinking is billed as output either way');
  return { outcome: reasoning === 7 ? 'pass' : 'absent' };
}
