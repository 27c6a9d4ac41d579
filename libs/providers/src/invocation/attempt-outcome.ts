import type { Cost, ErrorInfo, InvokeRequest, Usage } from '@switchyard/contracts';

export type AttemptEndpoint =
  | 'chat.completions'
  | 'embeddings'
  | 'moderations'
  | 'messages.count_tokens'
  | 'audio.transcriptions'
  | 'audio.translations'
  | 'audio.speech'
  | 'images.generations';

/** What one upstream attempt cost and how it went: the raw material of a UsageEvent. */
export interface AttemptOutcome {
  readonly invocation: Pick<InvokeRequest, 'context' | 'target' | 'attempt'>;
  readonly endpoint: AttemptEndpoint;
  readonly stream: boolean;
  readonly usage: Usage;
  readonly latencyMs: number;
  /** Time to the first streamed token; equals latency for non-streaming calls. */
  readonly ttftMs: number;
  readonly error: ErrorInfo | undefined;
  /** The answer text, kept only for shadow attempts (so arms can be compared). */
  readonly outputText: string;
}

export interface AttemptRecorder {
  /** Records the attempt and returns what it cost (undefined when its deployment has no price). */
  record(outcome: AttemptOutcome): Cost | undefined;
}

export interface CredentialResolver {
  /** undefined when the reference is unknown or cannot be decrypted. */
  resolve(credentialRef: string, tenantId: string): { apiKey: string; extras: Record<string, string> } | undefined;
}
