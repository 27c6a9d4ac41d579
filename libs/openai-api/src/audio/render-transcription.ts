import { MeteredUnit } from '@switchyard/contracts';
import type { TranscriptionRequest, TranscriptionResponse, TranscriptSegment, Usage } from '@switchyard/contracts';
import type { TranscriptFormat } from './parse-transcription-request';

/** A rendered transcript: its body and content type (json, or text for text, srt and vtt). */
export interface RenderedTranscript {
  readonly body: string;
  readonly contentType: string;
}

const seconds = (ms: number): number => Math.round(ms) / 1000;

/** OpenAI's usage object: tokens where the model is token-priced, else the audio's duration in seconds. */
export function transcriptUsage(u: Usage | undefined): object | undefined {
  if (!u) return undefined;
  if (u.inputTokens > 0 || u.outputTokens > 0)
    return {
      type: 'tokens',
      input_tokens: u.inputTokens,
      input_token_details: { text_tokens: u.inputTokens - u.audioInputTokens, audio_tokens: u.audioInputTokens },
      output_tokens: u.outputTokens,
      total_tokens: u.inputTokens + u.outputTokens,
    };
  if (u.metered?.unit === MeteredUnit.METERED_UNIT_AUDIO_MS) return { type: 'duration', seconds: Math.ceil(u.metered.quantity / 1000) };
  return undefined;
}

function clock(at: number, separator: ',' | '.'): string {
  const ms = Math.max(0, Math.round(at * 1000));
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}${separator}${pad(ms % 1000, 3)}`;
}

/** Cues from the provider's segments; one cue over the whole text when it sent none. */
function cues(response: TranscriptionResponse): Pick<TranscriptSegment, 'start' | 'end' | 'text'>[] {
  if (response.segments.length > 0) return response.segments;
  return [{ start: 0, end: response.durationSeconds, text: response.text }];
}

export function renderTranscription(
  request: TranscriptionRequest,
  response: TranscriptionResponse,
  format: TranscriptFormat,
): RenderedTranscript {
  const json = (body: object): RenderedTranscript => ({ body: JSON.stringify(body), contentType: 'application/json' });
  const plain = (body: string): RenderedTranscript => ({ body, contentType: 'text/plain; charset=utf-8' });
  const usage = transcriptUsage(response.usage);
  switch (format) {
    case 'text':
      return plain(`${response.text}\n`);
    case 'srt':
      return plain(
        cues(response)
          .map((c, i) => `${i + 1}\n${clock(c.start, ',')} --> ${clock(c.end, ',')}\n${c.text.trim()}\n\n`)
          .join(''),
      );
    case 'vtt':
      return plain(
        `WEBVTT\n\n${cues(response)
          .map((c) => `${clock(c.start, '.')} --> ${clock(c.end, '.')}\n${c.text.trim()}\n\n`)
          .join('')}`,
      );
    case 'verbose_json':
      return json({
        task: request.translate ? 'translate' : 'transcribe',
        language: response.language || (request.translate ? 'english' : request.language),
        duration: response.durationSeconds || seconds(response.usage?.metered?.quantity ?? 0),
        text: response.text,
        ...(request.wordTimestamps && { words: response.words.map((w) => ({ word: w.word, start: w.start, end: w.end })) }),
        ...(request.segmentTimestamps && {
          segments: response.segments.map((s) => ({
            id: s.id,
            seek: s.seek,
            start: s.start,
            end: s.end,
            text: s.text,
            tokens: s.tokens,
            temperature: s.temperature,
            avg_logprob: s.avgLogprob,
            compression_ratio: s.compressionRatio,
            no_speech_prob: s.noSpeechProb,
          })),
        }),
        ...(usage && { usage }),
      });
    default:
      return json({ text: response.text, ...(usage && { usage }) });
  }
}
