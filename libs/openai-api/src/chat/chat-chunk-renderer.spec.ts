import { ChatResponse, FinishReason, Usage } from '@switchyard/contracts';
import { ChatChunkRenderer } from './chat-chunk-renderer';
import { renderChatCompletion } from './render-chat-response';

describe('OpenAI rendering', () => {
  it('renders a completion in OpenAI shape', () => {
    const response = ChatResponse.fromPartial({
      createdUnix: 1700000000,
      model: 'gpt-4o-mini-2024-07-18',
      choices: [{ index: 0, content: 'Hello', hasContent: true, finishReason: FinishReason.FINISH_REASON_STOP }],
      usage: { inputTokens: 10, outputTokens: 2, cachedInputTokens: 4 },
    });
    expect(renderChatCompletion(response, 'chatcmpl-1')).toEqual({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1700000000,
      model: 'gpt-4o-mini-2024-07-18',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hello', refusal: null, annotations: [] },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: {
        prompt_tokens: 10,
        completion_tokens: 2,
        total_tokens: 12,
        prompt_tokens_details: { cached_tokens: 4, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      },
      service_tier: 'default',
      system_fingerprint: null,
    });
  });

  it('renders stream chunks: role, content, tool call deltas, finish, usage', () => {
    const r = new ChatChunkRenderer('chatcmpl-1', 1, 'alias', true);
    const role = JSON.parse(
      r.render({
        event: { $case: 'delta', delta: { choiceIndex: 0, roleStart: true, content: '', toolCalls: [], refusal: '' } },
        upstreamId: '',
        model: 'm-1',
      }) ?? '',
    );
    expect(role).toMatchObject({
      object: 'chat.completion.chunk',
      model: 'm-1',
      usage: null,
      choices: [{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, finish_reason: null }],
    });
    const tool = JSON.parse(
      r.render({
        event: {
          $case: 'delta',
          delta: {
            choiceIndex: 0,
            roleStart: false,
            content: '',
            refusal: '',
            toolCalls: [{ index: 0, id: 'call_1', name: 'f', argumentsFragment: '' }],
          },
        },
        upstreamId: '',
        model: '',
      }) ?? '',
    );
    expect(tool.choices[0].delta).toEqual({
      tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } }],
    });
    const finish = JSON.parse(
      r.render({
        event: { $case: 'finish', finish: { choiceIndex: 0, finishReason: FinishReason.FINISH_REASON_TOOL_CALLS } },
        upstreamId: '',
        model: '',
      }) ?? '',
    );
    expect(finish.choices).toEqual([{ index: 0, delta: {}, logprobs: null, finish_reason: 'tool_calls' }]);
    const usage = JSON.parse(
      r.render({
        event: {
          $case: 'usage',
          usage: Usage.fromPartial({ inputTokens: 3, outputTokens: 4 }),
        },
        upstreamId: '',
        model: '',
      }) ?? '',
    );
    expect(usage.choices).toEqual([]);
    expect(usage.usage.total_tokens).toBe(7);
  });

  it('sends no usage chunk when the caller did not ask for it', () => {
    const r = new ChatChunkRenderer('c', 1, 'm', false);
    expect(
      r.render({
        event: {
          $case: 'usage',
          usage: Usage.fromPartial({ inputTokens: 1, outputTokens: 1 }),
        },
        upstreamId: '',
        model: '',
      }),
    ).toBeUndefined();
  });
});
