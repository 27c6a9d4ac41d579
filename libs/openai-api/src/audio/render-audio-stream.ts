import type { ApiError } from '@switchyard/api-errors';
import type { AudioStreamEvent, Usage } from '@switchyard/contracts';
import { sseData } from '../sse/sse-frames';
import { transcriptUsage } from './render-transcription';

/** How an audio stream is written on OpenAI's surface: frames per event, the in-band error, the end. */
export interface AudioFrames {
  chunk(event: AudioStreamEvent): readonly (string | Buffer)[];
  error(error: ApiError): readonly (string | Buffer)[];
  end(): readonly (string | Buffer)[];
}

const errorFrame = (error: ApiError): string => sseData(JSON.stringify({ type: 'error', ...error.toBody() }));

/** Speech as plain bytes: nothing but the audio; a break cannot be told in-band (the connection is cut instead). */
export function speechBytes(): AudioFrames {
  return {
    chunk: (event) => (event.event?.$case === 'audio' ? [event.event.audio] : []),
    error: () => [],
    end: () => [],
  };
}

function speechUsage(u: Usage): object {
  return { input_tokens: u.inputTokens, output_tokens: u.outputTokens, total_tokens: u.inputTokens + u.outputTokens };
}

/** Speech as OpenAI's SSE: speech.audio.delta with base64 audio, then speech.audio.done with usage. */
export function speechEvents(): AudioFrames {
  return {
    chunk: (event) => {
      const e = event.event;
      if (e?.$case === 'audio')
        return [sseData(JSON.stringify({ type: 'speech.audio.delta', audio: Buffer.from(e.audio).toString('base64') }))];
      if (e?.$case === 'usage') return [sseData(JSON.stringify({ type: 'speech.audio.done', usage: speechUsage(e.usage) }))];
      return [];
    },
    error: (error) => [errorFrame(error)],
    end: () => [],
  };
}

/** A streamed transcript as OpenAI's SSE: transcript.text.delta per piece, then transcript.text.done with the whole text and usage. */
export function transcriptEvents(): AudioFrames {
  let text = '';
  return {
    chunk: (event) => {
      const e = event.event;
      if (e?.$case === 'text') {
        text += e.text;
        return [sseData(JSON.stringify({ type: 'transcript.text.delta', delta: e.text }))];
      }
      if (e?.$case === 'usage') return [sseData(JSON.stringify({ type: 'transcript.text.done', text, usage: transcriptUsage(e.usage) }))];
      return [];
    },
    error: (error) => [errorFrame(error)],
    end: () => [],
  };
}
