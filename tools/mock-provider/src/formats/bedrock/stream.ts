import type { Directives } from '../../behaviour/directives';
import type { Reply } from '../../behaviour/reply';
import type { Frame, StreamPlan } from '../../server/types';
import { bedrockHeaders, exceptionForStatus, streamExceptionType } from './errors';
import { encodeMessage } from '@switchyard/providers';
import type { ConverseRequest } from './request';
import { converseUsage, stopReason } from './response';

const PADDING = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Bedrock pads each event payload with a "p" field so sizes leak less; the length varies per event. */
function padded(payload: Record<string, unknown>, n: number): string {
  return JSON.stringify({ ...payload, p: PADDING.slice(0, 1 + ((n * 7) % PADDING.length)) });
}

export function event(type: string, payload: Record<string, unknown>, n: number): Buffer {
  return encodeMessage({
    headers: { ':event-type': type, ':content-type': 'application/json', ':message-type': 'event' },
    payload: padded(payload, n),
  });
}

export function exceptionFrame(status: number): Buffer {
  return encodeMessage({
    headers: { ':exception-type': streamExceptionType(status), ':content-type': 'application/json', ':message-type': 'exception' },
    payload: JSON.stringify({ message: exceptionForStatus(status).message }),
  });
}

export function converseStream(
  request: ConverseRequest,
  reply: Reply,
  directives: Directives,
  latencyMs: () => number,
  useId: string,
): StreamPlan {
  let n = 0;
  const next = (type: string, payload: Record<string, unknown>): Buffer => event(type, payload, n++);
  const start = next('messageStart', { role: 'assistant' });

  // Text blocks start implicitly with their first delta; only tool use gets a contentBlockStart.
  const opening: Frame[] = [start];
  const deltas: Buffer[] = [];
  if (reply.kind === 'tool_call') {
    opening.push(next('contentBlockStart', { contentBlockIndex: 0, start: { toolUse: { toolUseId: useId, name: reply.toolName } } }));
    for (const input of reply.pieces) deltas.push(next('contentBlockDelta', { contentBlockIndex: 0, delta: { toolUse: { input } } }));
  } else {
    for (const text of reply.pieces) deltas.push(next('contentBlockDelta', { contentBlockIndex: 0, delta: { text } }));
  }
  const stop = next('contentBlockStop', { contentBlockIndex: 0 });
  const messageStop = next('messageStop', { stopReason: stopReason(reply) });
  const metadataIndex = n++;
  const usage = converseUsage(request, reply, directives);

  const [first, ...rest] = deltas;
  // Metadata is a lazy frame so metrics.latencyMs covers the whole stream as sent.
  const metadata = (): Buffer => event('metadata', { usage, metrics: { latencyMs: latencyMs() } }, metadataIndex);
  const chunks: Frame[][] = [[...opening, ...(first ? [first] : [])], ...rest.map((d) => [d]), [stop, messageStop, metadata]];
  return {
    kind: 'stream',
    headers: { 'content-type': 'application/vnd.amazon.eventstream', ...bedrockHeaders() },
    chunks,
    errorFrames: (status) => [exceptionFrame(status)],
  };
}
