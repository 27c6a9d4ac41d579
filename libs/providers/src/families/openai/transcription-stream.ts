import type { AudioStreamEvent, DeploymentTarget, TranscriptionRequest } from '@switchyard/contracts';
import type { AudioStreamCodec, UpstreamCredential, UpstreamRequest } from '../../provider-adapter';
import { multipartBody } from '../../wire/multipart-body';
import { SseAudioDecoder, sseJson } from '../../wire/audio-stream-decoders';
import type { SseMessage } from '../../wire/sse-parser';
import { openAiHeaders, openAiUrl } from './api';
import { textOnlyTranscriber, transcriptionForm, transcriptionUsage } from './transcriptions';
import type { WireTranscription } from './transcriptions';

interface WireTranscriptEvent {
  type?: string;
  delta?: string;
  usage?: WireTranscription['usage'];
}

/** transcript.text.delta and transcript.text.done (its usage) -> text and usage. */
class TranscriptSseDecoder extends SseAudioDecoder {
  protected message(m: SseMessage): AudioStreamEvent[] {
    const wire = sseJson<WireTranscriptEvent>(m);
    if (wire?.type === 'transcript.text.delta' && wire.delta) return [{ event: { $case: 'text', text: wire.delta } }];
    if (wire?.type !== 'transcript.text.done') return [];
    this.done = true;
    return [{ event: { $case: 'usage', usage: transcriptionUsage({ usage: wire.usage }) } }];
  }
}

/** Streamed transcription of a family that speaks OpenAI's form at its own address; only the gpt-4o transcribers stream. */
export function openAiTranscriptionStreamAt(
  address: (target: DeploymentTarget, credential: UpstreamCredential) => Pick<UpstreamRequest, 'url' | 'headers'>,
): AudioStreamCodec<TranscriptionRequest> & { streams(target: DeploymentTarget): boolean } {
  return {
    streams: (target) => textOnlyTranscriber(target.upstreamModel),
    request: (target, request, credential) => {
      const { body, contentType } = multipartBody([...transcriptionForm(target, request), { name: 'stream', value: 'true' }]);
      const at = address(target, credential);
      return { url: at.url, method: 'POST', headers: { ...at.headers, 'content-type': contentType, accept: 'text/event-stream' }, body };
    },
    decoder: () => new TranscriptSseDecoder(),
  };
}

export const openAiTranscriptionStream = openAiTranscriptionStreamAt((target, credential) => ({
  url: openAiUrl(target, '/audio/transcriptions'),
  headers: openAiHeaders(target, credential, true),
}));
