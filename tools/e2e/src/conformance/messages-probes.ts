import Anthropic from '@anthropic-ai/sdk';
import { check, observe, TINY_PNG_BASE64, UsageExpectation, WEATHER_SCHEMA } from './check';
import type { Cell } from './matrix';

export interface MessagesProbeContext {
  readonly client: Anthropic;
  expectUsage(expectation: UsageExpectation): void;
}

const REPLY = /^Mock reply from /;

function textOf(message: Anthropic.Message): string {
  return message.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
}

export async function message(ctx: MessagesProbeContext, model: string): Promise<Cell> {
  const { data, response } = await ctx.client.messages
    .create({ model, max_tokens: 256, system: 'Be brief.', messages: [{ role: 'user', content: 'Hello from the Anthropic SDK' }] })
    .withResponse();
  check(data.type === 'message' && data.role === 'assistant' && data.id.startsWith('msg_'), 'an Anthropic message');
  check(REPLY.test(textOf(data)), `reply text: ${textOf(data)}`);
  check(data.stop_reason === 'end_turn', `stop_reason: ${data.stop_reason}`);
  check(data.usage.input_tokens > 0 && data.usage.output_tokens > 0, 'usage is reported');
  ctx.expectUsage({
    requestId: response.headers.get('x-request-id') ?? '',
    what: `${model} /v1/messages`,
    status: 'ok',
    estimated: 0,
    outputTokens: data.usage.output_tokens,
  });
  return { outcome: 'pass' };
}

export async function stream(ctx: MessagesProbeContext, model: string): Promise<Cell> {
  const s = ctx.client.messages.stream({ model, max_tokens: 256, messages: [{ role: 'user', content: 'Stream from the Anthropic SDK' }] });
  let deltas = 0;
  s.on('text', () => deltas++);
  const final = await s.finalMessage();
  check(deltas > 2, `text arrives as several deltas (${deltas})`);
  check(REPLY.test(textOf(final)), `streamed text: ${textOf(final)}`);
  check(final.stop_reason === 'end_turn', `stop_reason: ${final.stop_reason}`);
  check(final.usage.input_tokens > 0 && final.usage.output_tokens > 0, `usage from message_delta: ${JSON.stringify(final.usage)}`);
  return { outcome: 'pass' };
}

export async function tools(ctx: MessagesProbeContext, model: string): Promise<Cell> {
  const toolDefs: Anthropic.Tool[] = [
    { name: 'get_weather', description: 'Current weather', input_schema: WEATHER_SCHEMA as Anthropic.Tool.InputSchema },
  ];
  const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'What is the weather in Paris?' }];
  const first = await ctx.client.messages.create({ model, max_tokens: 256, tools: toolDefs, messages });
  const use = first.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
  check(first.stop_reason === 'tool_use' && use?.name === 'get_weather', `a get_weather tool_use: ${JSON.stringify(first.content)}`);
  check(typeof (use.input as { city?: unknown }).city === 'string', 'tool input fills the schema');
  messages.push(
    { role: 'assistant', content: first.content },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: '{"temp_c": 18}' }] },
  );
  const second = await ctx.client.messages.create({ model, max_tokens: 256, tools: toolDefs, messages });
  check(
    second.stop_reason === 'end_turn' && REPLY.test(textOf(second)),
    `the tool result is answered in text: ${JSON.stringify(second.content)}`,
  );
  return { outcome: 'pass' };
}

export async function image(ctx: MessagesProbeContext, model: string): Promise<Cell> {
  const data = await ctx.client.messages.create({
    model,
    max_tokens: 256,
    messages: [
      {
        role: 'user',
        content: [
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: TINY_PNG_BASE64 } },
          { type: 'text', text: 'What is this?' },
        ],
      },
    ],
  });
  check(textOf(data).includes('(saw 1 image)'), `the provider saw the image: ${textOf(data)}`);
  return { outcome: 'pass' };
}

export async function errorShape(ctx: MessagesProbeContext, model: string): Promise<Cell> {
  const result = await observe(() =>
    ctx.client.messages.create({ model, max_tokens: 64, messages: [{ role: 'user', content: 'Busy? [[mock:status=429,retry_after=1]]' }] }),
  );
  check(!result.ok, 'expected a 429');
  const error = result.error;
  check(error instanceof Anthropic.RateLimitError, `expected the SDK's RateLimitError, got ${String(error)}`);
  const body = error.error as { type?: string; error?: { type?: string; message?: string } };
  check(
    body.type === 'error' && body.error?.type === 'rate_limit_error' && typeof body.error.message === 'string',
    `Anthropic error body: ${JSON.stringify(body)}`,
  );
  return { outcome: 'pass', detail: '429 rate_limit_error' };
}
