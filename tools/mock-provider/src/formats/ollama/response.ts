import type { Directives } from '../../behaviour/directives';
import type { Reply } from '../../behaviour/reply';
import type { HttpReply } from '../../server/types';
import type { OllamaChatRequest } from './request';

/** Ollama reports durations in nanoseconds; they are derived from wall time so they stay plausible. */
export function timings(request: OllamaChatRequest, reply: Reply, directives: Directives, startedAt: number): Record<string, number> {
  const total = Math.max(1, Date.now() - startedAt) * 1_000_000;
  const cached = Math.min(directives.cachedTokens ?? 0, request.promptTokens);
  return {
    total_duration: total,
    load_duration: Math.floor(total * 0.05),
    prompt_eval_count: request.promptTokens - cached,
    prompt_eval_duration: Math.floor(total * 0.15),
    eval_count: reply.outputTokens + reply.reasoningTokens,
    eval_duration: Math.floor(total * 0.8),
  };
}

export function doneReason(reply: Reply): string {
  return reply.kind === 'text' && reply.finish === 'length' ? 'length' : 'stop';
}

export function assistantMessage(reply: Reply): Record<string, unknown> {
  if (reply.kind === 'tool_call') {
    return { role: 'assistant', content: '', tool_calls: [{ function: { name: reply.toolName, arguments: reply.input } }] };
  }
  return { role: 'assistant', content: reply.text };
}

export function chatReply(request: OllamaChatRequest, reply: Reply, directives: Directives, startedAt: number): HttpReply {
  const body = {
    model: request.reply.model,
    created_at: new Date().toISOString(),
    message: assistantMessage(reply),
    done_reason: doneReason(reply),
    done: true,
    ...timings(request, reply, directives, startedAt),
  };
  return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
}
