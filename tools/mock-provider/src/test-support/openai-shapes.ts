/** Response shapes the OpenAI specs read; only the fields they assert on. */
export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
  completion_tokens_details: { reasoning_tokens: number };
}
export interface ToolCall {
  index?: number;
  id?: string;
  type?: string;
  function: { name?: string; arguments: string };
}
export interface Completion {
  id: string;
  object: string;
  created: number;
  model: string;
  system_fingerprint: string;
  service_tier: string;
  choices: {
    index: number;
    message: { role: string; content: string | null; refusal: null; tool_calls?: ToolCall[] };
    logprobs: null;
    finish_reason: string;
    content_filter_results?: unknown;
  }[];
  usage: Usage;
  prompt_filter_results?: unknown;
}
export interface Chunk {
  id: string;
  object: string;
  model: string;
  choices: {
    index: number;
    delta: { role?: string; content?: string | null; tool_calls?: ToolCall[] };
    finish_reason: string | null;
    logprobs: null;
  }[];
  usage?: Usage | null;
  obfuscation?: string;
  prompt_filter_results?: unknown;
}
export interface OpenAIError {
  error: { message: string; type: string; param: string | null; code: string | null };
}
