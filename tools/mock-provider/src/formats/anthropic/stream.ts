import type { Directives } from '../../behaviour/directives';
import type { Reply } from '../../behaviour/reply';
import type { Frame, StreamPlan } from '../../server/types';
import { anthropicHeaders, errorForStatus } from './errors';
import type { AnthropicRequest } from './request';
import { anthropicUsage, stopReason, type MessageMeta } from './response';

function event(type: string, data: unknown): string {
  return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function messageStream(request: AnthropicRequest, reply: Reply, meta: MessageMeta, directives: Directives): StreamPlan {
  const usage = anthropicUsage(request, reply, directives);
  const messageStart = event('message_start', {
    type: 'message_start',
    message: {
      id: meta.id,
      type: 'message',
      role: 'assistant',
      model: meta.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...usage, output_tokens: 1 },
    },
  });
  const block =
    reply.kind === 'tool_call' ? { type: 'tool_use', id: meta.toolUseId, name: reply.toolName, input: {} } : { type: 'text', text: '' };
  const blockStart = event('content_block_start', { type: 'content_block_start', index: 0, content_block: block });
  const ping = event('ping', { type: 'ping' });
  const deltas =
    reply.kind === 'tool_call'
      ? ['', ...reply.pieces].map((partial_json) =>
          event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json } }),
        )
      : reply.pieces.map((text) =>
          event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }),
        );

  const closing = [
    event('content_block_stop', { type: 'content_block_stop', index: 0 }),
    event('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: stopReason(reply), stop_sequence: null },
      usage: { output_tokens: usage.output_tokens },
    }),
    event('message_stop', { type: 'message_stop' }),
  ];

  // Tool streams open with an empty partial_json; group 0 still needs a delta with content.
  const headCount = reply.kind === 'tool_call' ? 2 : 1;
  const head: Frame[] = [messageStart, blockStart, ping, ...deltas.slice(0, headCount)];
  return {
    kind: 'stream',
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...anthropicHeaders() },
    chunks: [head, ...deltas.slice(headCount).map((d) => [d]), closing],
    errorFrames: (status) => [event('error', { type: 'error', error: errorForStatus(status) })],
  };
}
