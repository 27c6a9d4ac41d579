import { ChatRequest, ChatResponse, EmbeddingsRequest, ModerationRequest, Usage } from '@switchyard/contracts';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';

// Per-message framing and reply priming, as OpenAI documents for its chat format.
const TOKENS_PER_MESSAGE = 3;
const REPLY_PRIMING_TOKENS = 3;
// A low-detail image costs a fixed 85 tokens on OpenAI; used as the floor estimate.
const TOKENS_PER_IMAGE = 85;

/**
 * Prompt size counted with the o200k tokenizer, for when a provider reports no
 * usage (or a stream is cut before it does). Always marked estimated.
 */
export function estimatePromptTokens(request: ChatRequest): number {
  let total = REPLY_PRIMING_TOKENS;
  for (const message of request.messages) {
    total += TOKENS_PER_MESSAGE;
    for (const part of message.content) {
      if (part.part?.$case === 'text') total += countTokens(part.part.text);
      else if (part.part?.$case === 'image') total += TOKENS_PER_IMAGE;
    }
    for (const call of message.toolCalls) total += countTokens(call.name) + countTokens(call.argumentsJson);
  }
  for (const tool of request.tools) total += countTokens(tool.name) + countTokens(tool.description) + countTokens(tool.parametersJson);
  return total;
}

export function estimateTextTokens(text: string): number {
  return text.length === 0 ? 0 : countTokens(text);
}

/** Usage of a complete (non-streamed) answer whose provider reported none. */
export function estimateResponseUsage(request: ChatRequest, response: ChatResponse): Usage {
  const generated = response.choices.map((c) => c.content + c.refusal + c.toolCalls.map((t) => t.name + t.argumentsJson).join('')).join('');
  return Usage.fromPartial({ inputTokens: estimatePromptTokens(request), outputTokens: estimateTextTokens(generated), estimated: true });
}

export function estimateEmbeddingsUsage(request: EmbeddingsRequest): Usage {
  return Usage.fromPartial({ inputTokens: request.inputs.reduce((sum, text) => sum + estimateTextTokens(text), 0), estimated: true });
}

/** Text parts counted with the tokenizer; an image part counts as a low-detail image. */
export function estimateModerationUsage(request: ModerationRequest): Usage {
  let inputTokens = 0;
  for (const input of request.inputs)
    for (const p of input.parts) inputTokens += p.part?.$case === 'text' ? estimateTextTokens(p.part.text) : TOKENS_PER_IMAGE;
  return Usage.fromPartial({ inputTokens, estimated: true });
}
