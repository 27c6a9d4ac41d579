import { ChatRequest, ChatStreamEvent, Usage } from '@switchyard/contracts';
import { checkUsage } from '@switchyard/usage-accounting';
import { StreamTally } from '../invocation/stream-tally';
import type { StreamDecoder } from '../provider-adapter';
import { decodeAll, user } from '../test-support/fixtures';
import { encodeMessage } from '../wire/aws-event-stream';
import { anthropicFamily } from './anthropic';
import { anthropicUsage, mergeAnthropicUsage } from './anthropic/usage';
import { bedrockFamily } from './bedrock';
import { bedrockUsage } from './bedrock/usage';
import { geminiFamily } from './gemini';
import { geminiUsage } from './gemini/usage';
import { ollamaFamily } from './ollama';
import { openAiFamily } from './openai';
import { openAiUsage } from './openai/usage';

/**
 * The ledger's invariants over what each family's usage mapping builds from the
 * provider's own wire usage, with cached and cache-written tokens: a mapping
 * that counted a cache write twice or dropped cached tokens breaks here.
 */
const cases: Array<[string, Usage, Partial<Usage>]> = [
  [
    'openai (final stream chunk with include_usage, or the response body)',
    openAiUsage({
      prompt_tokens: 2006,
      completion_tokens: 300,
      prompt_tokens_details: { cached_tokens: 1920, audio_tokens: 40 },
      completion_tokens_details: { reasoning_tokens: 128, audio_tokens: 60 },
    }),
    { inputTokens: 2006, cachedInputTokens: 1920, reasoningTokens: 128, audioInputTokens: 40, audioOutputTokens: 60 },
  ],
  [
    'anthropic (stream: message_start, then message_delta)',
    anthropicUsage(
      mergeAnthropicUsage(
        { input_tokens: 10, cache_creation_input_tokens: 20, cache_read_input_tokens: 30, output_tokens: 1 },
        { output_tokens: 15 },
      ),
    ),
    { inputTokens: 60, cachedInputTokens: 30, cacheWriteTokens: 20, outputTokens: 15 },
  ],
  [
    'bedrock',
    bedrockUsage({ inputTokens: 10, cacheReadInputTokens: 30, cacheWriteInputTokens: 20, outputTokens: 5 }),
    { inputTokens: 60, cachedInputTokens: 30, cacheWriteTokens: 20 },
  ],
  [
    'gemini',
    geminiUsage({
      promptTokenCount: 100,
      cachedContentTokenCount: 80,
      candidatesTokenCount: 10,
      thoughtsTokenCount: 5,
      promptTokensDetails: [
        { modality: 'TEXT', tokenCount: 70 },
        { modality: 'AUDIO', tokenCount: 30 },
      ],
    }),
    { inputTokens: 100, cachedInputTokens: 80, outputTokens: 15, reasoningTokens: 5, audioInputTokens: 30 },
  ],
];

describe.each(cases)('%s usage', (_family, usage, expected) => {
  it('keeps the cached tokens and every ledger invariant', () => {
    expect(usage).toMatchObject({ ...expected, estimated: false });
    expect(checkUsage(usage).violations).toEqual([]);
  });
});

const sse = (bodies: unknown[]): Buffer => Buffer.from(bodies.map((b) => `data: ${JSON.stringify(b)}\n\n`).join(''));
const namedSse = (events: Array<[string, unknown]>): Buffer =>
  Buffer.from(events.map(([name, body]) => `event: ${name}\ndata: ${JSON.stringify(body)}\n\n`).join(''));
const frame = (type: string, payload: unknown): Buffer =>
  encodeMessage({
    headers: { ':event-type': type, ':content-type': 'application/json', ':message-type': 'event' },
    payload: JSON.stringify(payload),
  });
const ndjson = (lines: unknown[]): Buffer => Buffer.from(lines.map((l) => JSON.stringify(l) + '\n').join(''));

const openAiChunk = (content: string, extra: object = {}) => ({
  id: 'c1',
  model: 'm',
  choices: [{ index: 0, delta: { content } }],
  ...extra,
});
const anthropicStart: [string, unknown] = [
  'message_start',
  {
    type: 'message_start',
    message: {
      id: 'msg_1',
      model: 'claude',
      usage: { input_tokens: 12, cache_creation_input_tokens: 500, cache_read_input_tokens: 2000, output_tokens: 1 },
    },
  },
];
const anthropicText: [string, unknown] = [
  'content_block_delta',
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello there' } },
];
const geminiChunk = (text: string, usage: object, finish?: string) => ({
  candidates: [{ content: { parts: [{ text }], role: 'model' }, index: 0, ...(finish ? { finishReason: finish } : {}) }],
  usageMetadata: usage,
});

interface StreamCase {
  decoder: () => StreamDecoder;
  /** The whole stream of a call that read part of its prompt from the cache. */
  full: Buffer;
  fullUsage: Partial<Usage>;
  /** The same stream cut off by a client disconnect mid-answer. */
  cut: Buffer;
  /** What the provider had already said when the stream was cut (the rest is estimated). */
  cutUsage: Partial<Usage>;
}

const streams: Array<[string, StreamCase]> = [
  [
    'openai (final usage chunk with stream_options.include_usage)',
    {
      decoder: () => openAiFamily.streamDecoder(),
      full: Buffer.concat([
        sse([
          openAiChunk('Hello'),
          { id: 'c1', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
          {
            id: 'c1',
            choices: [],
            usage: {
              prompt_tokens: 2006,
              completion_tokens: 300,
              prompt_tokens_details: { cached_tokens: 1920 },
              completion_tokens_details: { reasoning_tokens: 128 },
            },
          },
        ]),
        Buffer.from('data: [DONE]\n\n'),
      ]),
      fullUsage: { inputTokens: 2006, outputTokens: 300, cachedInputTokens: 1920, reasoningTokens: 128 },
      cut: sse([openAiChunk('Hello there')]),
      cutUsage: {},
    },
  ],
  [
    'anthropic (message_start input and cache counts, cumulative message_delta)',
    {
      decoder: () => anthropicFamily.streamDecoder(),
      full: namedSse([
        anthropicStart,
        anthropicText,
        [
          'message_delta',
          {
            type: 'message_delta',
            delta: { stop_reason: 'end_turn' },
            // Newer API versions repeat the cumulative input and cache counts here: they must not add up twice.
            usage: { input_tokens: 12, cache_creation_input_tokens: 500, cache_read_input_tokens: 2000, output_tokens: 40 },
          },
        ],
        ['message_stop', { type: 'message_stop' }],
      ]),
      fullUsage: { inputTokens: 2512, outputTokens: 40, cachedInputTokens: 2000, cacheWriteTokens: 500 },
      cut: namedSse([anthropicStart, anthropicText]),
      cutUsage: { inputTokens: 2512, cachedInputTokens: 2000, cacheWriteTokens: 500 },
    },
  ],
  [
    'gemini (usageMetadata on every chunk, final on the finishing one)',
    {
      decoder: () => geminiFamily.streamDecoder(),
      full: sse([
        geminiChunk('Hello ', { promptTokenCount: 900, cachedContentTokenCount: 800 }),
        geminiChunk(
          'there',
          { promptTokenCount: 900, cachedContentTokenCount: 800, candidatesTokenCount: 20, thoughtsTokenCount: 7 },
          'STOP',
        ),
      ]),
      fullUsage: { inputTokens: 900, outputTokens: 27, cachedInputTokens: 800, reasoningTokens: 7 },
      cut: sse([geminiChunk('Hello there', { promptTokenCount: 900, cachedContentTokenCount: 800 })]),
      cutUsage: { inputTokens: 900, cachedInputTokens: 800 },
    },
  ],
  [
    'bedrock (ConverseStream metadata frame)',
    {
      decoder: () => bedrockFamily.streamDecoder(),
      full: Buffer.concat([
        frame('messageStart', { role: 'assistant' }),
        frame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hello there' } }),
        frame('messageStop', { stopReason: 'end_turn' }),
        frame('metadata', { usage: { inputTokens: 10, cacheReadInputTokens: 300, cacheWriteInputTokens: 200, outputTokens: 5 } }),
      ]),
      fullUsage: { inputTokens: 510, outputTokens: 5, cachedInputTokens: 300, cacheWriteTokens: 200 },
      cut: Buffer.concat([
        frame('messageStart', { role: 'assistant' }),
        frame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hello there' } }),
      ]),
      cutUsage: {},
    },
  ],
  [
    'ollama (counts on the done line)',
    {
      decoder: () => ollamaFamily.streamDecoder(),
      full: ndjson([
        { model: 'llama', message: { role: 'assistant', content: 'Hello there' }, done: false },
        {
          model: 'llama',
          message: { role: 'assistant', content: '' },
          done: true,
          done_reason: 'stop',
          prompt_eval_count: 30,
          eval_count: 4,
        },
      ]),
      fullUsage: { inputTokens: 30, outputTokens: 4 },
      cut: ndjson([{ model: 'llama', message: { role: 'assistant', content: 'Hello there' }, done: false }]),
      cutUsage: {},
    },
  ],
];

const request = ChatRequest.fromPartial({ model: 'm', messages: [user('Say hello to the whole wide world, please.')] });

/** What the attempt executor records for a stream: the events go through a tally, a cut stream keeps what the provider said. */
function recorded(c: StreamCase, bytes: Buffer, interrupted: boolean): Usage {
  const decoder = c.decoder();
  const tally = new StreamTally(request, false);
  const events: ChatStreamEvent[] = decodeAll(decoder, bytes);
  for (const e of events) tally.observe(e, 1);
  return tally.usage(interrupted, decoder.usageSoFar?.());
}

describe.each(streams)('%s stream', (_family, c) => {
  it('records the cached and cache-written tokens once, exactly, from a whole stream', () => {
    const usage = recorded(c, c.full, false);
    expect(usage).toMatchObject({ ...c.fullUsage, estimated: false });
    expect(usage.inputTokens + usage.outputTokens).toBeGreaterThan(0);
    expect(checkUsage(usage).violations).toEqual([]);
  });

  it('records a cancelled stream with what was seen so far, flagged estimated', () => {
    const usage = recorded(c, c.cut, true);
    expect(usage).toMatchObject({ ...c.cutUsage, estimated: true });
    expect(usage.inputTokens).toBeGreaterThan(0);
    expect(usage.outputTokens).toBeGreaterThan(0);
    expect(checkUsage(usage).violations).toEqual([]);
  });
});
