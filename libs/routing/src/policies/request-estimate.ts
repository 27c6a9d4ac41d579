import type { ChatRequest } from '@switchyard/contracts';

/** Rough token counts of a request before it is sent: what rate limits and price ranking work with. */
export interface RequestEstimate {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

// Without a max_tokens, assume a typical reply length.
const DEFAULT_OUTPUT_TOKENS = 256;
const IMAGE_TOKENS = 85;
const PER_MESSAGE_TOKENS = 4;

/** About four characters per token; exact counts arrive with the usage afterwards. */
export function estimateChat(request: ChatRequest): RequestEstimate {
  let chars = 0;
  let extra = 0;
  for (const m of request.messages) {
    extra += PER_MESSAGE_TOKENS;
    for (const part of m.content) {
      if (part.part?.$case === 'text') chars += part.part.text.length;
      else if (part.part?.$case === 'image') extra += IMAGE_TOKENS;
    }
    for (const call of m.toolCalls) chars += call.name.length + call.argumentsJson.length;
  }
  for (const tool of request.tools) chars += tool.name.length + tool.description.length + tool.parametersJson.length;
  return { inputTokens: Math.ceil(chars / 4) + extra, outputTokens: request.maxTokens ?? DEFAULT_OUTPUT_TOKENS };
}

export function estimateEmbeddings(inputs: readonly string[]): RequestEstimate {
  return { inputTokens: Math.ceil(inputs.reduce((sum, s) => sum + s.length, 0) / 4) + inputs.length, outputTokens: 0 };
}

export function totalTokens(estimate: RequestEstimate): number {
  return estimate.inputTokens + estimate.outputTokens;
}
