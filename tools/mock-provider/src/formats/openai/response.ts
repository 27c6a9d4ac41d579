import type { Directives } from '../../behaviour/directives';
import { randomId, shortHash } from '../../behaviour/determinism';
import type { Reply } from '../../behaviour/reply';
import type { HttpReply } from '../../server/types';
import { openaiHeaders, type OpenAIFlavour } from './headers';
import type { OpenAIChatRequest } from './request';

export interface CompletionMeta {
  id: string;
  created: number;
  model: string;
  systemFingerprint: string;
  toolCallId: string;
  flavour: OpenAIFlavour;
}

export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; audio_tokens: number };
  completion_tokens_details: {
    reasoning_tokens: number;
    audio_tokens: number;
    accepted_prediction_tokens: number;
    rejected_prediction_tokens: number;
  };
}

export function completionMeta(model: string, flavour: OpenAIFlavour): CompletionMeta {
  return {
    id: `chatcmpl-${randomId(29)}`,
    created: Math.floor(Date.now() / 1000),
    model,
    systemFingerprint: `fp_${shortHash(model, 10)}`,
    toolCallId: `call_${randomId(24)}`,
    flavour,
  };
}

export function openaiUsage(promptTokens: number, reply: Reply, directives: Directives): OpenAIUsage {
  const completion = reply.outputTokens + reply.reasoningTokens;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completion,
    total_tokens: promptTokens + completion,
    prompt_tokens_details: { cached_tokens: Math.min(directives.cachedTokens ?? 0, promptTokens), audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: reply.reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

export function finishReason(reply: Reply): string {
  return reply.kind === 'tool_call' ? 'tool_calls' : reply.finish;
}

const AZURE_SAFE = {
  hate: { filtered: false, severity: 'safe' },
  self_harm: { filtered: false, severity: 'safe' },
  sexual: { filtered: false, severity: 'safe' },
  violence: { filtered: false, severity: 'safe' },
};

export function azureContentFilterResults(filtered: boolean): Record<string, unknown> {
  return filtered ? { ...AZURE_SAFE, violence: { filtered: true, severity: 'high' } } : AZURE_SAFE;
}

export function azurePromptFilterResults(): Record<string, unknown>[] {
  return [{ prompt_index: 0, content_filter_results: AZURE_SAFE }];
}

export function chatCompletionBody(
  request: OpenAIChatRequest,
  reply: Reply,
  meta: CompletionMeta,
  directives: Directives,
): Record<string, unknown> {
  const message =
    reply.kind === 'tool_call'
      ? {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: meta.toolCallId, type: 'function', function: { name: reply.toolName, arguments: reply.inputJson } }],
          refusal: null,
          annotations: [],
        }
      : { role: 'assistant', content: reply.text, refusal: null, annotations: [] };
  const choice: Record<string, unknown> = { index: 0, message, logprobs: null, finish_reason: finishReason(reply) };
  const body: Record<string, unknown> = {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: [choice],
    usage: openaiUsage(request.promptTokens, reply, directives),
    service_tier: 'default',
    system_fingerprint: meta.systemFingerprint,
  };
  if (meta.flavour === 'azure') {
    choice['content_filter_results'] = azureContentFilterResults(reply.kind === 'text' && reply.finish === 'content_filter');
    body['prompt_filter_results'] = azurePromptFilterResults();
  }
  return body;
}

export function chatCompletionReply(request: OpenAIChatRequest, reply: Reply, meta: CompletionMeta, directives: Directives): HttpReply {
  return {
    status: 200,
    headers: { 'content-type': 'application/json', ...openaiHeaders(meta.flavour) },
    body: JSON.stringify(chatCompletionBody(request, reply, meta, directives)),
  };
}
