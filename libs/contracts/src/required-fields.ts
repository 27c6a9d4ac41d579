import type {
  RoutedAudioStreamRequest,
  RoutedChatRequest,
  RoutedEmbeddingsRequest,
  RoutedImageRequest,
  RoutedModerationRequest,
  RoutedTranscriptionRequest,
  StreamFailed,
  StreamStarted,
} from './gen/switchyard/router/v1/router';
import type {
  AudioStreamInvokeRequest,
  EmbedInvokeRequest,
  ImageInvokeRequest,
  InvokeRequest,
  ModerateInvokeRequest,
  TranscribeInvokeRequest,
} from './gen/switchyard/adapters/v1/adapters';

/** `T` with the message fields `K` present: what a hop works with once it has checked an incoming message. */
export type WithFields<T, K extends keyof T> = T & { [P in K]-?: NonNullable<T[P]> };

/** A message that arrived without a field it cannot be served without. */
export class MissingFieldError extends Error {
  constructor(
    readonly messageType: string,
    readonly field: string,
  ) {
    super(`${messageType} is missing its required field '${field}'`);
    this.name = 'MissingFieldError';
  }
}

/**
 * Checks an incoming proto message once, at the hop's edge: every field in
 * `fields` must be set (proto3 leaves any sub-message optional on the wire).
 * Code past the edge takes the returned type and needs no `!`.
 */
export function requireFields<T extends object, K extends keyof T & string>(
  messageType: string,
  message: T,
  fields: readonly K[],
): WithFields<T, K> {
  for (const field of fields) {
    if (message[field] === undefined || message[field] === null) throw new MissingFieldError(messageType, field);
  }
  return message as WithFields<T, K>;
}

// The edge types of the internal hops: what the router and provider-adapters serve once a call is checked.

export type RoutedChat = WithFields<RoutedChatRequest, 'context' | 'request'>;
export type RoutedEmbeddings = WithFields<RoutedEmbeddingsRequest, 'context' | 'request'>;
export type Invocation = WithFields<InvokeRequest, 'context' | 'target' | 'request'>;
export type EmbedInvocation = WithFields<EmbedInvokeRequest, 'context' | 'target' | 'request'>;
export type RoutedModeration = WithFields<RoutedModerationRequest, 'context' | 'request'>;
export type ModerateInvocation = WithFields<ModerateInvokeRequest, 'context' | 'target' | 'request'>;
export type RoutedTranscription = WithFields<RoutedTranscriptionRequest, 'context' | 'request'>;
export type TranscribeInvocation = WithFields<TranscribeInvokeRequest, 'context' | 'target' | 'request'>;

export const checkedRoutedChat = (m: RoutedChatRequest): RoutedChat => requireFields('RoutedChatRequest', m, ['context', 'request']);
export const checkedRoutedEmbeddings = (m: RoutedEmbeddingsRequest): RoutedEmbeddings =>
  requireFields('RoutedEmbeddingsRequest', m, ['context', 'request']);
export const checkedInvocation = (m: InvokeRequest): Invocation => requireFields('InvokeRequest', m, ['context', 'target', 'request']);
export const checkedEmbedInvocation = (m: EmbedInvokeRequest): EmbedInvocation =>
  requireFields('EmbedInvokeRequest', m, ['context', 'target', 'request']);
export const checkedRoutedModeration = (m: RoutedModerationRequest): RoutedModeration =>
  requireFields('RoutedModerationRequest', m, ['context', 'request']);
export const checkedModerateInvocation = (m: ModerateInvokeRequest): ModerateInvocation =>
  requireFields('ModerateInvokeRequest', m, ['context', 'target', 'request']);
export const checkedRoutedTranscription = (m: RoutedTranscriptionRequest): RoutedTranscription =>
  requireFields('RoutedTranscriptionRequest', m, ['context', 'request']);
export const checkedTranscribeInvocation = (m: TranscribeInvokeRequest): TranscribeInvocation =>
  requireFields('TranscribeInvokeRequest', m, ['context', 'target', 'request']);

export type RoutedImage = WithFields<RoutedImageRequest, 'context' | 'request'>;
export type ImageInvocation = WithFields<ImageInvokeRequest, 'context' | 'target' | 'request'>;

export const checkedRoutedImage = (m: RoutedImageRequest): RoutedImage => requireFields('RoutedImageRequest', m, ['context', 'request']);
export const checkedImageInvocation = (m: ImageInvokeRequest): ImageInvocation =>
  requireFields('ImageInvokeRequest', m, ['context', 'target', 'request']);

export type RoutedAudioStream = WithFields<RoutedAudioStreamRequest, 'context' | 'request'>;
export type AudioStreamInvocation = WithFields<AudioStreamInvokeRequest, 'context' | 'target' | 'request'>;

export const checkedRoutedAudioStream = (m: RoutedAudioStreamRequest): RoutedAudioStream =>
  requireFields('RoutedAudioStreamRequest', m, ['context', 'request']);
export const checkedAudioStreamInvocation = (m: AudioStreamInvokeRequest): AudioStreamInvocation =>
  requireFields('AudioStreamInvokeRequest', m, ['context', 'target', 'request']);

/** Any routed stream (RoutedChatStreamEvent, RoutedAudioStreamEvent): started, chunks of one kind, or failed alone. */
export interface RoutedStreamOf<Chunk> {
  event?:
    { $case: 'started'; started: StreamStarted } | { $case: 'chunk'; chunk: Chunk } | { $case: 'failed'; failed: StreamFailed } | undefined;
}
