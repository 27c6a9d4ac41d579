import { ApiError } from '@switchyard/api-errors';
import { SpeechRequest } from '@switchyard/contracts';

/** OpenAI's limit on the text of one speech request. */
export const SPEECH_MAX_CHARACTERS = 4096;
/** The audio containers /v1/audio/speech answers in, with the content type each is sent as. */
export const SPEECH_FORMATS: Readonly<Record<string, string>> = {
  mp3: 'audio/mpeg',
  opus: 'audio/opus',
  aac: 'audio/aac',
  flac: 'audio/flac',
  wav: 'audio/wav',
  pcm: 'audio/pcm',
};

export interface ParsedSpeech {
  readonly request: SpeechRequest;
  /** 'audio': the bytes themselves; 'sse': speech.audio.delta events carrying them in base64. */
  readonly streamFormat: 'audio' | 'sse';
}

const FIELDS = new Set(['model', 'input', 'voice', 'instructions', 'response_format', 'speed', 'stream_format', 'user']);

const invalid = (param: string, message: string, code: string | null = null): ApiError => ApiError.invalidRequest(message, param, code);

function requiredText(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (value === undefined || value === null || value === '')
    throw invalid(name, `Missing required parameter: '${name}'.`, 'missing_required_parameter');
  if (typeof value !== 'string') throw invalid(name, `'${name}' must be a string.`, 'invalid_type');
  return value;
}

function optionalText(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(name, `'${name}' must be a string.`, 'invalid_type');
  return value;
}

/** A voice is a name (alloy, …; other servers have their own) or OpenAI's custom voice object. */
function voiceOf(body: Record<string, unknown>): string {
  const voice = body['voice'];
  if (voice !== null && typeof voice === 'object' && typeof (voice as { id?: unknown }).id === 'string')
    return (voice as { id: string }).id;
  return requiredText(body, 'voice');
}

/** An OpenAI /v1/audio/speech body, checked as OpenAI checks it. */
export function parseSpeechRequest(raw: unknown): ParsedSpeech {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw invalid('', 'The request body must be a JSON object.');
  const body = raw as Record<string, unknown>;
  const unknown = Object.keys(body).find((k) => !FIELDS.has(k));
  if (unknown) throw invalid(unknown, `Unrecognized request argument supplied: ${unknown}`, 'unknown_parameter');
  const model = requiredText(body, 'model');
  const input = requiredText(body, 'input');
  if ([...input].length > SPEECH_MAX_CHARACTERS)
    throw invalid('input', `'input' is longer than ${SPEECH_MAX_CHARACTERS} characters.`, 'string_above_max_length');
  const format = optionalText(body, 'response_format') ?? 'mp3';
  if (!(format in SPEECH_FORMATS))
    throw invalid('response_format', `'response_format' must be one of ${Object.keys(SPEECH_FORMATS).join(', ')}.`, 'invalid_value');
  const streamFormat = optionalText(body, 'stream_format') ?? 'audio';
  if (streamFormat !== 'audio' && streamFormat !== 'sse')
    throw invalid('stream_format', "'stream_format' must be 'audio' or 'sse'.", 'invalid_value');
  const speed = body['speed'];
  if (speed !== undefined && speed !== null && (typeof speed !== 'number' || !(speed >= 0.25 && speed <= 4)))
    throw invalid('speed', "'speed' must be a number from 0.25 to 4.0.", 'invalid_value');
  const request = SpeechRequest.fromPartial({
    model,
    input,
    voice: voiceOf(body),
    responseFormat: format,
    instructions: optionalText(body, 'instructions') ?? '',
    endUser: optionalText(body, 'user') ?? '',
    ...(typeof speed === 'number' && { speed }),
  });
  return { request, streamFormat };
}
