/** The parts of Anthropic's Messages wire format this family reads and writes. */
export interface AnthropicWireUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

export interface AnthropicWireBlock {
  type?: string;
  text?: string;
  id?: string;
  name?: string;
  input?: unknown;
}

export interface AnthropicWireMessage {
  id?: string;
  type?: string;
  model?: string;
  content?: AnthropicWireBlock[];
  stop_reason?: string | null;
  usage?: AnthropicWireUsage;
}

export interface AnthropicWireError {
  type?: string;
  message?: string;
}

export interface AnthropicWireEvent {
  type?: string;
  message?: AnthropicWireMessage;
  index?: number;
  content_block?: AnthropicWireBlock;
  delta?: { type?: string; text?: string; partial_json?: string; stop_reason?: string | null };
  usage?: AnthropicWireUsage;
  error?: AnthropicWireError;
}
