import { ChatResponse, ChatStreamEvent, FinishReason, Usage } from '@switchyard/contracts';
import { anthropicErrorBody, openAiErrorToAnthropic } from '../errors/anthropic-error-body';
import { MessageStreamRenderer } from './message-stream-renderer';
import { renderMessage } from './render-message';

const usage = Usage.fromPartial({ inputTokens: 100, outputTokens: 7, cachedInputTokens: 30, cacheWriteTokens: 10 });

describe('renderMessage', () => {
  it('renders text and tool_use blocks, the stop reason, and usage with cache tokens split out', () => {
    const response = ChatResponse.fromPartial({
      model: 'up-model',
      choices: [
        {
          index: 0,
          content: 'Sure.',
          hasContent: true,
          toolCalls: [{ id: 'call_1', name: 'f', argumentsJson: '{"a":1}' }],
          finishReason: FinishReason.FINISH_REASON_TOOL_CALLS,
        },
      ],
      usage,
    });
    expect(renderMessage(response, 'msg_1', 'fallback')).toEqual({
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'up-model',
      content: [
        { type: 'text', text: 'Sure.' },
        { type: 'tool_use', id: 'toolu_sy_call_1', name: 'f', input: { a: 1 } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 60, output_tokens: 7, cache_read_input_tokens: 30, cache_creation_input_tokens: 10 },
    });
  });
});

describe('MessageStreamRenderer', () => {
  const ev = (event: ChatStreamEvent['event'], model = '') => ChatStreamEvent.fromPartial({ event, model });
  const parse = (frames: string[]) =>
    frames.map((f) => {
      const [eventLine, dataLine] = f.trimEnd().split('\n');
      const data = JSON.parse((dataLine ?? '').slice(6)) as {
        type: string;
        index?: number;
        delta?: unknown;
        content_block?: unknown;
        usage?: unknown;
      };
      expect(eventLine).toBe(`event: ${data.type}`);
      return data;
    });

  it('emits Anthropic events in order as the unified events arrive', () => {
    const r = new MessageStreamRenderer('msg_1', 'fallback');
    const frames: string[][] = [
      r.render(ev({ $case: 'delta', delta: { choiceIndex: 0, roleStart: true, content: '', toolCalls: [], refusal: '' } }, 'claude')),
      r.render(ev({ $case: 'delta', delta: { choiceIndex: 0, roleStart: false, content: 'Hi ', toolCalls: [], refusal: '' } })),
      r.render(ev({ $case: 'delta', delta: { choiceIndex: 0, roleStart: false, content: 'there', toolCalls: [], refusal: '' } })),
      r.render(
        ev({
          $case: 'delta',
          delta: {
            choiceIndex: 0,
            roleStart: false,
            content: '',
            toolCalls: [{ index: 0, id: 'call_1', name: 'f', argumentsFragment: '{"a"' }],
            refusal: '',
          },
        }),
      ),
      r.render(
        ev({
          $case: 'delta',
          delta: {
            choiceIndex: 0,
            roleStart: false,
            content: '',
            toolCalls: [{ index: 0, id: '', name: '', argumentsFragment: ':1}' }],
            refusal: '',
          },
        }),
      ),
      r.render(ev({ $case: 'finish', finish: { choiceIndex: 0, finishReason: FinishReason.FINISH_REASON_TOOL_CALLS } })),
      r.render(ev({ $case: 'usage', usage })),
    ];
    // Each unified event is rendered immediately: the first content delta yields its frames at once.
    expect(frames[1]!.length).toBeGreaterThan(0);
    const events = parse(frames.flat());
    expect(events.map((e) => e.type)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[0]).toMatchObject({ message: { id: 'msg_1', model: 'claude', role: 'assistant' } });
    expect(events[5]).toMatchObject({ index: 1, content_block: { type: 'tool_use', id: 'toolu_sy_call_1', name: 'f', input: {} } });
    expect(events[7]).toMatchObject({ index: 1, delta: { type: 'input_json_delta', partial_json: ':1}' } });
    expect(events[9]).toMatchObject({
      delta: { stop_reason: 'tool_use' },
      usage: { input_tokens: 60, output_tokens: 7, cache_read_input_tokens: 30 },
    });
    expect(r.end()).toEqual([]);
  });

  it('closes a stream that ended without usage', () => {
    const r = new MessageStreamRenderer('msg_2', 'm');
    r.render(ev({ $case: 'delta', delta: { choiceIndex: 0, roleStart: false, content: 'x', toolCalls: [], refusal: '' } }));
    expect(parse(r.end()).map((e) => e.type)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
  });
});

describe('Anthropic error bodies', () => {
  it('keeps the status and picks the Anthropic error type for it', () => {
    expect(anthropicErrorBody(429, 'slow', 'req_1')).toEqual({
      type: 'error',
      error: { type: 'rate_limit_error', message: 'slow' },
      request_id: 'req_1',
    });
    expect(anthropicErrorBody(401, 'no key').error.type).toBe('authentication_error');
    expect(anthropicErrorBody(502, 'upstream').error.type).toBe('api_error');
    expect(anthropicErrorBody(504, 'slow upstream').error.type).toBe('timeout_error');
    expect(openAiErrorToAnthropic(400, '{"error":{"message":"bad","type":"invalid_request_error","code":null,"param":null}}')).toBe(
      '{"type":"error","error":{"type":"invalid_request_error","message":"bad"}}',
    );
    expect(openAiErrorToAnthropic(400, '{"type":"error","error":{"type":"x","message":"y"}}')).toBeUndefined();
    expect(openAiErrorToAnthropic(400, 'not json')).toBeUndefined();
  });
});
