import { countTokens } from '../../behaviour/tokens';
import type { HttpReply } from '../../server/types';
import { bedrockHeaders } from './errors';
import type { ConverseRequest } from './request';
import { event } from './stream';

const BLOCKED_MESSAGE = 'Sorry, the model cannot answer this question.';

/**
 * A guardrail that blocked the prompt (as if the request carried a
 * guardrailConfig): HTTP 200, the guardrail's canned message and
 * stopReason guardrail_intervened, streamed or not.
 */
export function guardrailReply(request: ConverseRequest, streaming: boolean, latencyMs: number): HttpReply {
  const outputTokens = countTokens(BLOCKED_MESSAGE);
  const usage = { inputTokens: request.promptTokens, outputTokens, totalTokens: request.promptTokens + outputTokens };
  if (!streaming) {
    const body = {
      metrics: { latencyMs },
      output: { message: { role: 'assistant', content: [{ text: BLOCKED_MESSAGE }] } },
      stopReason: 'guardrail_intervened',
      usage,
    };
    return { status: 200, headers: { 'content-type': 'application/json', ...bedrockHeaders() }, body: JSON.stringify(body) };
  }
  const frames = [
    event('messageStart', { role: 'assistant' }, 0),
    event('contentBlockDelta', { contentBlockIndex: 0, delta: { text: BLOCKED_MESSAGE } }, 1),
    event('contentBlockStop', { contentBlockIndex: 0 }, 2),
    event('messageStop', { stopReason: 'guardrail_intervened' }, 3),
    event('metadata', { usage, metrics: { latencyMs } }, 4),
  ];
  return {
    status: 200,
    headers: { 'content-type': 'application/vnd.amazon.eventstream', ...bedrockHeaders() },
    body: Buffer.concat(frames),
  };
}
