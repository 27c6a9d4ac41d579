import type { Directives } from '../../behaviour/directives';
import { randomId } from '../../behaviour/determinism';
import type { Reply } from '../../behaviour/reply';
import type { HttpReply } from '../../server/types';
import { anthropicHeaders } from './errors';
import type { AnthropicRequest } from './request';

export interface MessageMeta {
  id: string;
  toolUseId: string;
  model: string;
}

export function messageMeta(model: string): MessageMeta {
  return { id: `msg_01${randomId(22)}`, toolUseId: `toolu_01${randomId(22)}`, model };
}

export interface AnthropicUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
  output_tokens: number;
  service_tier: string;
}

/** Anthropic's input_tokens excludes cache reads, unlike OpenAI's prompt_tokens. */
export function anthropicUsage(request: AnthropicRequest, reply: Reply, directives: Directives): AnthropicUsage {
  const cacheRead = Math.min(directives.cachedTokens ?? 0, request.promptTokens);
  return {
    input_tokens: request.promptTokens - cacheRead,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: cacheRead,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    output_tokens: reply.outputTokens + reply.reasoningTokens,
    service_tier: 'standard',
  };
}

export function stopReason(reply: Reply): string {
  if (reply.kind === 'tool_call') return 'tool_use';
  return { stop: 'end_turn', length: 'max_tokens', content_filter: 'refusal' }[reply.finish];
}

export function contentBlocks(reply: Reply, meta: MessageMeta): Record<string, unknown>[] {
  if (reply.kind === 'tool_call') return [{ type: 'tool_use', id: meta.toolUseId, name: reply.toolName, input: reply.input }];
  return [{ type: 'text', text: reply.text }];
}

export function messageReply(request: AnthropicRequest, reply: Reply, meta: MessageMeta, directives: Directives): HttpReply {
  const body = {
    id: meta.id,
    type: 'message',
    role: 'assistant',
    model: meta.model,
    content: contentBlocks(reply, meta),
    stop_reason: stopReason(reply),
    stop_sequence: null,
    usage: anthropicUsage(request, reply, directives),
  };
  return { status: 200, headers: { 'content-type': 'application/json', ...anthropicHeaders() }, body: JSON.stringify(body) };
}
