import type { ChatRequest } from '@switchyard/contracts';

/** The generation parameters every chat family forwards, under the provider's own field names. */
export interface SamplingNames {
  readonly temperature: string;
  readonly topP: string;
  readonly maxTokens: string;
  readonly stop: string;
  readonly seed: string;
  readonly presencePenalty: string;
  readonly frequencyPenalty: string;
}

/** The parameters the caller set (unset ones stay out, so the provider's defaults apply), renamed. */
export function samplingParameters(request: ChatRequest, names: SamplingNames): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (request.temperature !== undefined) out[names.temperature] = request.temperature;
  if (request.topP !== undefined) out[names.topP] = request.topP;
  if (request.maxTokens !== undefined) out[names.maxTokens] = request.maxTokens;
  if (request.stop.length > 0) out[names.stop] = request.stop;
  if (request.seed !== undefined) out[names.seed] = request.seed;
  if (request.presencePenalty !== undefined) out[names.presencePenalty] = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) out[names.frequencyPenalty] = request.frequencyPenalty;
  return out;
}
