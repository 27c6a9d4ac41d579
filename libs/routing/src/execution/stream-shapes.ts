import { AudioStreamEvent, ChatStreamEvent } from '@switchyard/contracts';
import type { StreamShape } from './streamed-route';

export const CHAT_STREAM: StreamShape<ChatStreamEvent> = {
  errorOf: (chunk) => (chunk.event?.$case === 'error' ? chunk.event.error : undefined),
  usageOf: (chunk) => (chunk.event?.$case === 'usage' ? chunk.event.usage : undefined),
  errorChunk: (error) => ChatStreamEvent.fromPartial({ event: { $case: 'error', error } }),
};

export const AUDIO_STREAM: StreamShape<AudioStreamEvent> = {
  errorOf: (chunk) => (chunk.event?.$case === 'error' ? chunk.event.error : undefined),
  usageOf: (chunk) => (chunk.event?.$case === 'usage' ? chunk.event.usage : undefined),
  errorChunk: (error) => AudioStreamEvent.fromPartial({ event: { $case: 'error', error } }),
};
