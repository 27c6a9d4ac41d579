/** The parts of Ollama's /api/chat wire format this family reads and writes. */
export interface OllamaWireToolCall {
  function?: { name?: string; arguments?: unknown };
}

export interface OllamaWireChat {
  model?: string;
  created_at?: string;
  message?: { role?: string; content?: string; thinking?: string; tool_calls?: OllamaWireToolCall[] };
  done?: boolean;
  done_reason?: string;
  prompt_eval_count?: number;
  eval_count?: number;
  error?: string;
}
