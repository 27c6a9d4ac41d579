import type { Capabilities } from '@switchyard/contracts';
import type { CapabilityName } from './required-capabilities';

/**
 * The public paths a capability opens, in listing order. A new endpoint family
 * (images, audio) is one entry here; count_tokens rides on chat because the
 * router counts with the chat deployment's own counter or tokenizer.
 */
const ENDPOINTS_BY_CAPABILITY: readonly (readonly [CapabilityName, readonly string[]])[] = [
  ['chat', ['/v1/chat/completions', '/v1/responses', '/v1/messages', '/v1/messages/count_tokens']],
  ['embeddings', ['/v1/embeddings']],
  ['moderation', ['/v1/moderations']],
  ['transcription', ['/v1/audio/transcriptions', '/v1/audio/translations']],
  ['speech', ['/v1/audio/speech']],
  ['imageGeneration', ['/v1/images/generations']],
];

/** What a listed model serves: the union of the endpoints its deployments' capabilities open, in a stable order. */
export function endpointsServed(capabilities: Iterable<Capabilities | undefined>): string[] {
  const has = new Set<CapabilityName>();
  for (const c of capabilities) {
    if (!c) continue;
    for (const [name] of ENDPOINTS_BY_CAPABILITY) if (c[name]) has.add(name);
  }
  return ENDPOINTS_BY_CAPABILITY.filter(([name]) => has.has(name)).flatMap(([, paths]) => paths);
}
