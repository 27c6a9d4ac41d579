import { Usage } from '@switchyard/contracts';
import type { AudioStreamEvent, DeploymentTarget, SpeechRequest } from '@switchyard/contracts';
import type { AudioStreamCodec, UpstreamCredential, UpstreamRequest } from '../../provider-adapter';
import { RawAudioDecoder, SseAudioDecoder, sseJson } from '../../wire/audio-stream-decoders';
import type { SseMessage } from '../../wire/sse-parser';
import { openAiHeaders, openAiUrl } from './api';

/**
 * tts-1 and tts-1-hd are priced per character and stream plain bytes; the
 * gpt-4o speech models are priced by tokens, which only their SSE form
 * reports, so Switchyard asks those for SSE and passes the bytes on.
 */
export function tokenPricedSpeech(upstreamModel: string): boolean {
  return !/^tts-1/.test(upstreamModel);
}

interface WireSpeechEvent {
  type?: string;
  audio?: string;
  usage?: { input_tokens?: number; output_tokens?: number };
}

/** speech.audio.delta (base64 audio) and speech.audio.done (usage) -> audio bytes and usage. */
class SpeechSseDecoder extends SseAudioDecoder {
  protected message(m: SseMessage): AudioStreamEvent[] {
    const wire = sseJson<WireSpeechEvent>(m);
    if (wire?.type === 'speech.audio.delta' && wire.audio) return [{ event: { $case: 'audio', audio: Buffer.from(wire.audio, 'base64') } }];
    if (wire?.type !== 'speech.audio.done') return [];
    this.done = true;
    const output = wire.usage?.output_tokens ?? 0;
    const usage = Usage.fromPartial({ inputTokens: wire.usage?.input_tokens ?? 0, outputTokens: output, audioOutputTokens: output });
    return [{ event: { $case: 'usage', usage } }];
  }
}

/** OpenAI's /audio/speech body; `sse` when the model's usage must be read from its event stream. */
export function speechBody(target: DeploymentTarget, request: SpeechRequest, sse: boolean): string {
  return JSON.stringify({
    model: target.upstreamModel,
    input: request.input,
    voice: request.voice,
    response_format: request.responseFormat || 'mp3',
    ...(request.speed !== undefined && { speed: request.speed }),
    ...(request.instructions && { instructions: request.instructions }),
    ...(sse && { stream_format: 'sse' }),
  });
}

/**
 * Speech of a family that speaks OpenAI's body at its own address (Azure
 * OpenAI, compatible servers); `sse` says which models are asked for events
 * (compatible servers stream plain bytes only).
 */
export function openAiSpeechAt(
  address: (target: DeploymentTarget, credential: UpstreamCredential) => Pick<UpstreamRequest, 'url' | 'headers'>,
  sse: (upstreamModel: string) => boolean = tokenPricedSpeech,
): AudioStreamCodec<SpeechRequest> {
  return {
    request: (target, request, credential) => {
      const events = sse(target.upstreamModel);
      const at = address(target, credential);
      const headers = { ...at.headers, accept: events ? 'text/event-stream' : '*/*' };
      return { url: at.url, method: 'POST', headers, body: speechBody(target, request, events) };
    },
    decoder: (target) => (sse(target.upstreamModel) ? new SpeechSseDecoder() : new RawAudioDecoder()),
  };
}

export const openAiSpeech = openAiSpeechAt((target, credential) => ({
  url: openAiUrl(target, '/audio/speech'),
  headers: openAiHeaders(target, credential, false),
}));
