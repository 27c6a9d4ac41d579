import { ApiError } from '@switchyard/api-errors';
import { TranscriptionRequest } from '@switchyard/contracts';
import { FormPart, parseMultipartForm } from './multipart-form';

/** OpenAI's limit on one audio upload. */
export const AUDIO_MAX_BYTES = 25 * 1024 * 1024;
/** The containers OpenAI's audio endpoints read, by file extension. */
export const AUDIO_FORMATS = ['flac', 'm4a', 'mp3', 'mp4', 'mpeg', 'mpga', 'oga', 'ogg', 'wav', 'webm'] as const;
export const TRANSCRIPT_FORMATS = ['json', 'text', 'srt', 'verbose_json', 'vtt'] as const;
export type TranscriptFormat = (typeof TRANSCRIPT_FORMATS)[number];

/** An audio upload as the transport hands it over: the raw form and its content type. */
export interface AudioUpload {
  readonly contentType: string | undefined;
  readonly body: Buffer;
  /** The route: /v1/audio/translations (into English) rather than transcriptions. */
  readonly translate: boolean;
}

export interface ParsedTranscription {
  readonly request: TranscriptionRequest;
  readonly format: TranscriptFormat;
}

const FIELDS = new Set([
  'file',
  'model',
  'language',
  'prompt',
  'response_format',
  'temperature',
  'timestamp_granularities[]',
  'user',
  'stream',
]);
const TRANSLATION_FIELDS = new Set(['file', 'model', 'prompt', 'response_format', 'temperature', 'user']);

const invalid = (param: string, message: string, code: string | null = null): ApiError => ApiError.invalidRequest(message, param, code);

function text(parts: readonly FormPart[], name: string): string | undefined {
  const part = parts.find((p) => p.name === name);
  if (part?.filename !== undefined) throw invalid(name, `'${name}' must be a text field, not a file.`);
  return part?.data.toString('utf8');
}

function audioFile(parts: readonly FormPart[]): FormPart & { filename: string } {
  const files = parts.filter((p) => p.name === 'file');
  const file = files[0];
  if (!file) throw invalid('file', "Missing required parameter: 'file'.", 'missing_required_parameter');
  if (files.length > 1) throw invalid('file', "Only one 'file' may be uploaded.");
  if (file.filename === undefined) throw invalid('file', "'file' must be a file upload with a filename.");
  if (file.data.length === 0) throw invalid('file', 'The audio file is empty.');
  if (file.data.length > AUDIO_MAX_BYTES)
    throw new ApiError(
      413,
      'invalid_request_error',
      'file_too_large',
      `The audio file is larger than ${AUDIO_MAX_BYTES} bytes (25 MB).`,
      'file',
    );
  const extension = /\.([a-z0-9]+)$/i.exec(file.filename)?.[1]?.toLowerCase() ?? '';
  if (!(AUDIO_FORMATS as readonly string[]).includes(extension))
    throw invalid('file', `Invalid file format. Supported formats: ${JSON.stringify(AUDIO_FORMATS)}`, 'invalid_file_format');
  return { ...file, filename: file.filename };
}

function temperatureOf(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1)
    throw invalid('temperature', "'temperature' must be a number from 0 to 1.");
  return value;
}

function booleanOf(raw: string | undefined): boolean {
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  throw invalid('stream', "'stream' must be true or false.");
}

/**
 * An OpenAI transcription or translation form. Word and segment timestamps
 * need verbose_json, as at OpenAI; srt and vtt are rendered from segments,
 * so they ask the provider for them.
 */
export function parseTranscriptionRequest(upload: AudioUpload): ParsedTranscription {
  const parts = parseMultipartForm(upload.body, upload.contentType);
  const known = upload.translate ? TRANSLATION_FIELDS : FIELDS;
  const unknown = parts.find((p) => !known.has(p.name));
  if (unknown) throw invalid(unknown.name, `Unrecognized request argument supplied: ${unknown.name}`, 'unknown_parameter');
  const file = audioFile(parts);
  const model = text(parts, 'model')?.trim();
  if (!model) throw invalid('model', "Missing required parameter: 'model'.", 'missing_required_parameter');
  const format = (text(parts, 'response_format') ?? 'json') as TranscriptFormat;
  if (!TRANSCRIPT_FORMATS.includes(format))
    throw invalid('response_format', `'response_format' must be one of ${TRANSCRIPT_FORMATS.join(', ')}.`);
  const granularities = parts.filter((p) => p.name === 'timestamp_granularities[]').map((p) => p.data.toString('utf8'));
  const bad = granularities.find((g) => g !== 'word' && g !== 'segment');
  if (bad !== undefined) throw invalid('timestamp_granularities', `'${bad}' is not a timestamp granularity (word, segment).`);
  if (granularities.length > 0 && format !== 'verbose_json')
    throw invalid('timestamp_granularities', "timestamp_granularities need response_format 'verbose_json'.");
  const stream = booleanOf(text(parts, 'stream'));
  if (stream && format !== 'json' && format !== 'text')
    throw invalid('stream', "A streamed transcript is text as it is recognized: stream needs response_format 'json' or 'text'.");
  const words = granularities.includes('word');
  const segments = format === 'srt' || format === 'vtt' || (format === 'verbose_json' && (!words || granularities.includes('segment')));
  const temperature = temperatureOf(text(parts, 'temperature'));
  const request = TranscriptionRequest.fromPartial({
    model,
    audio: file.data,
    filename: file.filename,
    contentType: file.contentType ?? 'application/octet-stream',
    translate: upload.translate,
    language: text(parts, 'language') ?? '',
    prompt: text(parts, 'prompt') ?? '',
    wordTimestamps: words,
    segmentTimestamps: segments,
    endUser: text(parts, 'user') ?? '',
    stream,
    ...(temperature !== undefined && { temperature }),
  });
  return { request, format };
}

/** The model a form names, for the record of a refused request ('' when the form cannot be read). */
export function transcriptionModel(upload: AudioUpload): string {
  try {
    return text(parseMultipartForm(upload.body, upload.contentType), 'model') ?? '';
  } catch {
    return '';
  }
}
