import { ApiError } from '@switchyard/api-errors';
import { ChatResponse, ChatStreamEvent, FinishReason } from '@switchyard/contracts';
import { parseResponsesRequest } from './parse-responses-request';
import { renderResponse } from './render-response';
import { ResponsesEventRenderer } from './responses-event-renderer';

const parsed = parseResponsesRequest({ model: 'gpt-4o-mini', input: 'Hi', instructions: 'Be brief.' });

function delta(content: string, toolCalls: { index: number; id: string; name: string; argumentsFragment: string }[] = []): ChatStreamEvent {
  return ChatStreamEvent.fromPartial({ event: { $case: 'delta', delta: { choiceIndex: 0, content, toolCalls } } });
}

describe('Responses rendering', () => {
  it('renders a text answer as one message item with usage', () => {
    const response = ChatResponse.fromPartial({
      createdUnix: 1700000000,
      model: 'gpt-4o-mini-2024-07-18',
      choices: [{ index: 0, content: 'Hello', hasContent: true, finishReason: FinishReason.FINISH_REASON_STOP }],
      usage: { inputTokens: 10, outputTokens: 2, cachedInputTokens: 4, reasoningTokens: 1 },
    });
    const rendered = renderResponse(parsed, response, 'resp_1');
    expect(rendered).toMatchObject({
      id: 'resp_1',
      object: 'response',
      created_at: 1700000000,
      status: 'completed',
      model: 'gpt-4o-mini-2024-07-18',
      instructions: 'Be brief.',
      output: [
        {
          id: 'msg_1',
          type: 'message',
          status: 'completed',
          role: 'assistant',
          content: [{ type: 'output_text', text: 'Hello', annotations: [], logprobs: [] }],
        },
      ],
      usage: {
        input_tokens: 10,
        input_tokens_details: { cached_tokens: 4 },
        output_tokens: 2,
        output_tokens_details: { reasoning_tokens: 1 },
        total_tokens: 12,
      },
    });
  });

  it('renders tool calls as function_call items and a length stop as incomplete', () => {
    const response = ChatResponse.fromPartial({
      choices: [
        {
          content: '',
          toolCalls: [{ id: 'call_1', name: 'weather', argumentsJson: '{"city":"Paris"}' }],
          finishReason: FinishReason.FINISH_REASON_TOOL_CALLS,
        },
      ],
    });
    expect(renderResponse(parsed, response, 'resp_2').output).toEqual([
      { id: 'fc_2_0', type: 'function_call', status: 'completed', call_id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' },
    ]);
    const cut = ChatResponse.fromPartial({ choices: [{ content: 'Hel', finishReason: FinishReason.FINISH_REASON_LENGTH }] });
    expect(renderResponse(parsed, cut, 'resp_3')).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
    });
  });

  it('streams OpenAI event order with a sequence_number on every event', () => {
    const renderer = new ResponsesEventRenderer(parsed, 'resp_4', 1700000000);
    const events = [
      ...renderer.render(delta('Hel')),
      ...renderer.render(delta('lo')),
      ...renderer.render(delta('', [{ index: 0, id: 'call_1', name: 'weather', argumentsFragment: '{"ci' }])),
      ...renderer.render(delta('', [{ index: 0, id: '', name: '', argumentsFragment: 'ty":1}' }])),
      ...renderer.render(
        ChatStreamEvent.fromPartial({ event: { $case: 'finish', finish: { finishReason: FinishReason.FINISH_REASON_TOOL_CALLS } } }),
      ),
      ...renderer.render(ChatStreamEvent.fromPartial({ event: { $case: 'usage', usage: { inputTokens: 5, outputTokens: 3 } } })),
      ...renderer.end(),
    ].map((e) => JSON.parse(e.json) as Record<string, unknown>);
    expect(events.map((e) => e['type'])).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((e) => e['sequence_number'])).toEqual(events.map((_, i) => i));
    const completed = events[events.length - 1]?.['response'] as { output: { id: string }[]; usage: { total_tokens: number } };
    expect(completed.output.map((o) => o.id)).toEqual(['msg_4', 'fc_4_0']);
    expect(completed.usage.total_tokens).toBe(8);
    expect(events[9]).toMatchObject({ item_id: 'msg_4', output_index: 0, text: 'Hello' });
    expect(events[12]).toMatchObject({ item_id: 'fc_4_0', output_index: 1, arguments: '{"city":1}' });
  });

  it('ends a broken stream with an error event, after response.created when nothing was sent yet', () => {
    const renderer = new ResponsesEventRenderer(parsed, 'resp_5', 1);
    const events = renderer.error(new ApiError(502, 'api_error', 'stream_interrupted', 'The stream broke.')).map((e) => JSON.parse(e.json));
    expect(events.map((e: { type: string }) => e.type)).toEqual(['response.created', 'response.in_progress', 'error']);
    expect(events[2]).toMatchObject({ code: 'stream_interrupted', message: 'The stream broke.', sequence_number: 2 });
  });
});
