/** The parts of OpenAI's wire format this family reads and writes. */
export interface OpenAiWireUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number; audio_tokens?: number } | null;
  completion_tokens_details?: { reasoning_tokens?: number; audio_tokens?: number } | null;
}

export interface OpenAiWireToolCall {
  index?: number;
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: string };
}

export interface OpenAiWireMessage {
  role?: string;
  content?: string | null;
  refusal?: string | null;
  tool_calls?: OpenAiWireToolCall[] | null;
}

export interface OpenAiWireChoice {
  index?: number;
  message?: OpenAiWireMessage;
  delta?: OpenAiWireMessage;
  finish_reason?: string | null;
}

export interface OpenAiWireCompletion {
  id?: string;
  created?: number;
  model?: string;
  system_fingerprint?: string | null;
  choices?: OpenAiWireChoice[];
  usage?: OpenAiWireUsage | null;
  error?: OpenAiWireError;
}

export interface OpenAiWireError {
  message?: string;
  type?: string;
  code?: string | number | null;
  param?: string | null;
}
