import { Usage } from '@switchyard/contracts';
import type { OllamaWireChat } from './types';

/** prompt_eval_count / eval_count; absent when Ollama reused a cached prompt, so usage is then partial-estimated by the caller. */
export function ollamaUsage(wire: OllamaWireChat): Usage | undefined {
  if (wire.prompt_eval_count === undefined && wire.eval_count === undefined) return undefined;
  return Usage.fromPartial({ inputTokens: wire.prompt_eval_count ?? 0, outputTokens: wire.eval_count ?? 0, estimated: false });
}
