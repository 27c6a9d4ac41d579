import { ChatRequest, ResponseFormatType } from '@switchyard/contracts';
import type { Capabilities } from '@switchyard/contracts';

export type CapabilityName = keyof Capabilities;

/** What a deployment must be able to do to serve this request. */
export function requiredCapabilities(request: ChatRequest): CapabilityName[] {
  const needs: CapabilityName[] = ['chat'];
  if (request.stream) needs.push('streaming');
  if (request.tools.length > 0) needs.push('tools');
  const format = request.responseFormat?.type;
  if (format === ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_OBJECT || format === ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA) {
    needs.push('jsonMode');
  }
  if (request.messages.some((m) => m.content.some((p) => p.part?.$case === 'image'))) needs.push('vision');
  return needs;
}

export const CAPABILITY_LABELS: Record<CapabilityName, string> = {
  chat: 'chat',
  streaming: 'streaming',
  vision: 'image input',
  tools: 'tool calling',
  jsonMode: 'JSON mode',
  embeddings: 'embeddings',
  moderation: 'moderation',
  transcription: 'audio transcription',
  speech: 'speech',
  imageGeneration: 'image generation',
};
