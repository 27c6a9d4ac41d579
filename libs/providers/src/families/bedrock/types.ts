/** The parts of Bedrock's Converse wire format this family reads and writes. */
export interface ConverseWireUsage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
}

export interface ConverseWireBlock {
  text?: string;
  toolUse?: { toolUseId?: string; name?: string; input?: unknown };
  reasoningContent?: unknown;
}

export interface ConverseWireResponse {
  output?: { message?: { role?: string; content?: ConverseWireBlock[] } };
  stopReason?: string;
  usage?: ConverseWireUsage;
}

/** Payloads of ConverseStream events, keyed by their :event-type. */
export interface ConverseStreamPayload {
  role?: string;
  contentBlockIndex?: number;
  start?: { toolUse?: { toolUseId?: string; name?: string } };
  delta?: { text?: string; toolUse?: { input?: string }; reasoningContent?: unknown };
  stopReason?: string;
  usage?: ConverseWireUsage;
  message?: string;
}
