import type { Directives } from '../../behaviour/directives';
import { randomId } from '../../behaviour/determinism';
import type { Reply } from '../../behaviour/reply';
import type { HttpReply } from '../../server/types';
import { bedrockHeaders } from './errors';
import type { ConverseRequest } from './request';

export function toolUseId(): string {
  return `tooluse_${randomId(22)}`;
}

/** inputTokens excludes cache reads; totalTokens adds everything up. */
export function converseUsage(request: ConverseRequest, reply: Reply, directives: Directives): Record<string, number> {
  const cacheRead = Math.min(directives.cachedTokens ?? 0, request.promptTokens);
  const input = request.promptTokens - cacheRead;
  const output = reply.outputTokens + reply.reasoningTokens;
  const usage: Record<string, number> = { inputTokens: input, outputTokens: output, totalTokens: input + output + cacheRead };
  if (cacheRead > 0) {
    usage['cacheReadInputTokens'] = cacheRead;
    usage['cacheWriteInputTokens'] = 0;
  }
  return usage;
}

export function stopReason(reply: Reply): string {
  if (reply.kind === 'tool_call') return 'tool_use';
  return { stop: 'end_turn', length: 'max_tokens', content_filter: 'content_filtered' }[reply.finish];
}

export function converseReply(request: ConverseRequest, reply: Reply, directives: Directives, latencyMs: number, useId: string): HttpReply {
  const content =
    reply.kind === 'tool_call' ? [{ toolUse: { toolUseId: useId, name: reply.toolName, input: reply.input } }] : [{ text: reply.text }];
  const body = {
    metrics: { latencyMs },
    output: { message: { content, role: 'assistant' } },
    stopReason: stopReason(reply),
    usage: converseUsage(request, reply, directives),
  };
  return { status: 200, headers: { 'content-type': 'application/json', ...bedrockHeaders() }, body: JSON.stringify(body) };
}
