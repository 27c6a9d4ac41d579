/** The parts of Gemini's generateContent wire format this family reads and writes. */
export interface GeminiWirePart {
  text?: string;
  thought?: boolean;
  functionCall?: { id?: string; name?: string; args?: unknown };
}

export interface GeminiWireCandidate {
  content?: { parts?: GeminiWirePart[]; role?: string };
  finishReason?: string;
  index?: number;
}

export interface GeminiWireUsage {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  totalTokenCount?: number;
  cachedContentTokenCount?: number;
  thoughtsTokenCount?: number;
  toolUsePromptTokenCount?: number;
  /** Per-modality counts (TEXT, IMAGE, AUDIO, VIDEO) of the prompt and of the answer. */
  promptTokensDetails?: GeminiModalityCount[];
  candidatesTokensDetails?: GeminiModalityCount[];
}

export interface GeminiModalityCount {
  modality?: string;
  tokenCount?: number;
}

export interface GeminiWireError {
  code?: number;
  message?: string;
  status?: string;
  details?: { '@type'?: string; retryDelay?: string; reason?: string }[];
}

export interface GeminiWireResponse {
  candidates?: GeminiWireCandidate[];
  promptFeedback?: { blockReason?: string };
  usageMetadata?: GeminiWireUsage;
  modelVersion?: string;
  responseId?: string;
  error?: GeminiWireError;
}
