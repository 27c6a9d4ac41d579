import { DeploymentTarget, ErrorInfo, MeteredUnit, TranscriptionRequest, TranscriptionResponse, Usage } from '@switchyard/contracts';
import { malformedResponse } from '../../mapping/malformed-response';
import type { Mapped, UpstreamCredential, UpstreamHeaders, UpstreamRequest } from '../../provider-adapter';
import { parseJson } from '../../wire/headers';
import { FormField, multipartBody } from '../../wire/multipart-body';
import { openAiHeaders, openAiUrl } from './api';
import { openAiError } from './errors';

export interface WireTranscription {
  text?: string;
  language?: string;
  duration?: number;
  words?: { word?: string; start?: number; end?: number }[];
  segments?: {
    id?: number;
    seek?: number;
    start?: number;
    end?: number;
    text?: string;
    tokens?: number[];
    temperature?: number;
    avg_logprob?: number;
    compression_ratio?: number;
    no_speech_prob?: number;
  }[];
  usage?: {
    type?: string;
    seconds?: number;
    input_tokens?: number;
    output_tokens?: number;
    input_token_details?: { audio_tokens?: number; text_tokens?: number };
  };
}

/**
 * The gpt-4o transcribe models answer json or text only (no timestamps, no
 * translations) and are priced by tokens; whisper-style models answer
 * verbose_json, which carries the duration they are priced by.
 */
export function textOnlyTranscriber(upstreamModel: string): boolean {
  return /^gpt-4o.*transcribe/.test(upstreamModel);
}

/** A 400-worthy reason when the model cannot do what the request asks; undefined when it can. */
export function unsupportedTranscription(request: TranscriptionRequest, target: DeploymentTarget): string | undefined {
  if (!textOnlyTranscriber(target.upstreamModel)) return undefined;
  if (request.translate) return `The model '${request.model}' cannot translate audio; translations need a whisper model.`;
  if (request.wordTimestamps || request.segmentTimestamps)
    return `The model '${request.model}' answers text only: timestamp_granularities, verbose_json, srt and vtt need a whisper model.`;
  return undefined;
}

/** The multipart form OpenAI's audio endpoints read (Azure and Groq-style servers read the same). */
export function transcriptionForm(target: DeploymentTarget, request: TranscriptionRequest): FormField[] {
  const verbose = !textOnlyTranscriber(target.upstreamModel);
  const fields: FormField[] = [
    {
      name: 'file',
      file: request.audio,
      filename: request.filename || 'audio',
      contentType: request.contentType || 'application/octet-stream',
    },
    { name: 'model', value: target.upstreamModel },
    { name: 'response_format', value: verbose ? 'verbose_json' : 'json' },
  ];
  if (request.language && !request.translate) fields.push({ name: 'language', value: request.language });
  if (request.prompt) fields.push({ name: 'prompt', value: request.prompt });
  if (request.temperature !== undefined) fields.push({ name: 'temperature', value: String(request.temperature) });
  if (verbose && request.wordTimestamps) fields.push({ name: 'timestamp_granularities[]', value: 'word' });
  if (verbose && request.wordTimestamps && request.segmentTimestamps) fields.push({ name: 'timestamp_granularities[]', value: 'segment' });
  return fields;
}

const num = (n: unknown): number => (typeof n === 'number' && Number.isFinite(n) ? n : 0);

/** Tokens where the provider reports them; the duration (reported, else the verbose answer's) as audio milliseconds. */
export function transcriptionUsage(wire: WireTranscription): Usage {
  const u = wire.usage;
  const seconds = u?.type === 'duration' ? num(u.seconds) : num(wire.duration);
  return Usage.fromPartial({
    inputTokens: num(u?.input_tokens),
    outputTokens: num(u?.output_tokens),
    audioInputTokens: num(u?.input_token_details?.audio_tokens),
    ...(seconds > 0 && { metered: { unit: MeteredUnit.METERED_UNIT_AUDIO_MS, quantity: Math.round(seconds * 1000), variant: '' } }),
  });
}

/** A successful answer's body (every family speaks OpenAI's); its errors are the family's own. */
function transcriptionAnswer(status: number, body: Buffer): Mapped<TranscriptionResponse> {
  const wire = parseJson(body) as WireTranscription | undefined;
  if (!wire || typeof wire.text !== 'string') return { ok: false, error: malformedResponse(status, 'a transcription text') };
  return {
    ok: true,
    value: TranscriptionResponse.fromPartial({
      text: wire.text,
      language: wire.language ?? '',
      durationSeconds: num(wire.duration) || (wire.usage?.type === 'duration' ? num(wire.usage.seconds) : 0),
      words: (wire.words ?? []).map((w) => ({ word: w.word ?? '', start: num(w.start), end: num(w.end) })),
      segments: (wire.segments ?? []).map((s, i) => ({
        id: s.id ?? i,
        seek: num(s.seek),
        start: num(s.start),
        end: num(s.end),
        text: s.text ?? '',
        tokens: s.tokens ?? [],
        temperature: num(s.temperature),
        avgLogprob: num(s.avg_logprob),
        compressionRatio: num(s.compression_ratio),
        noSpeechProb: num(s.no_speech_prob),
      })),
      usage: transcriptionUsage(wire),
    }),
  };
}

/** Transcriptions of a family that speaks OpenAI's form at its own address with its own errors (Azure OpenAI, Groq-style servers). */
export function openAiTranscriptionsAt(
  address: (target: DeploymentTarget, credential: UpstreamCredential, translate: boolean) => Pick<UpstreamRequest, 'url' | 'headers'>,
  error: (status: number, headers: UpstreamHeaders, body: Buffer) => ErrorInfo,
): {
  request: (target: DeploymentTarget, request: TranscriptionRequest, credential: UpstreamCredential) => UpstreamRequest;
  response: (status: number, headers: UpstreamHeaders, body: Buffer) => Mapped<TranscriptionResponse>;
} {
  return {
    request: (target, request, credential) => {
      const { body, contentType } = multipartBody(transcriptionForm(target, request));
      const at = address(target, credential, request.translate);
      return { url: at.url, method: 'POST', headers: { ...at.headers, 'content-type': contentType }, body };
    },
    response: (status, headers, body) =>
      status < 200 || status >= 300 ? { ok: false, error: error(status, headers, body) } : transcriptionAnswer(status, body),
  };
}

const openAiTranscriptions = openAiTranscriptionsAt(
  (target, credential, translate) => ({
    url: openAiUrl(target, translate ? '/audio/translations' : '/audio/transcriptions'),
    headers: openAiHeaders(target, credential, false),
  }),
  openAiError,
);

export const openAiTranscriptionRequest = openAiTranscriptions.request;
export const openAiTranscriptionResponse = openAiTranscriptions.response;
