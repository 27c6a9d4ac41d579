import type { Directives } from '../../behaviour/directives';
import type { Reply } from '../../behaviour/reply';
import type { Frame, StreamPlan } from '../../server/types';
import { errorMessageForStatus } from './errors';
import type { OllamaChatRequest } from './request';
import { assistantMessage, doneReason, timings } from './response';

const line = (value: unknown): string => `${JSON.stringify(value)}\n`;

/** NDJSON: one object per line, content deltas with done:false, then a done:true line with counts. */
export function chatStream(request: OllamaChatRequest, reply: Reply, directives: Directives, startedAt: number): StreamPlan {
  const model = request.reply.model;
  const piece =
    (message: Record<string, unknown>): Frame =>
    () =>
      line({ model, created_at: new Date().toISOString(), message, done: false });
  const deltas: Frame[] =
    reply.kind === 'tool_call' ? [piece(assistantMessage(reply))] : reply.pieces.map((content) => piece({ role: 'assistant', content }));
  const done: Frame = () =>
    line({
      model,
      created_at: new Date().toISOString(),
      message: { role: 'assistant', content: '' },
      done_reason: doneReason(reply),
      done: true,
      ...timings(request, reply, directives, startedAt),
    });
  const [first, ...rest] = deltas;
  return {
    kind: 'stream',
    headers: { 'content-type': 'application/x-ndjson' },
    chunks: [first ? [first] : [], ...rest.map((d) => [d]), [done]],
    errorFrames: (status) => [line({ error: errorMessageForStatus(status, model) })],
  };
}
