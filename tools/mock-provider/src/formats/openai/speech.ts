import { countTokens } from '../../behaviour/tokens';
import type { Frame, StreamPlan } from '../../server/types';
import { INVALID_JSON_MESSAGE, invalidRequest } from './errors';
import { openaiHeaders, type OpenAIFlavour } from './headers';
import type { OpenAIParse } from './request';

/** One /audio/speech body, as OpenAI reads it. */
export interface OpenAISpeechRequest {
  model: string;
  input: string;
  voice: string;
  format: string;
  sse: boolean;
}

const CONTENT_TYPES: Record<string, string> = {
  mp3: 'audio/mpeg',
  opus: 'audio/opus',
  aac: 'audio/aac',
  flac: 'audio/flac',
  wav: 'audio/wav',
  pcm: 'audio/pcm',
};

/** Bytes of audio per chunk, and input characters voiced per chunk. */
const CHUNK_BYTES = 2_048;
const CHARACTERS_PER_CHUNK = 16;

export function parseSpeechRequest(body: unknown, invalidJson: boolean, azureDeployment?: string): OpenAIParse<OpenAISpeechRequest> {
  if (invalidJson) return { ok: false, error: invalidRequest(INVALID_JSON_MESSAGE) };
  const b = (body ?? {}) as Record<string, unknown>;
  const model = typeof b['model'] === 'string' ? b['model'] : (azureDeployment ?? '');
  for (const [name, value] of [
    ['model', model],
    ['input', b['input']],
    ['voice', b['voice']],
  ] as const) {
    if (typeof value !== 'string' || value === '')
      return { ok: false, error: invalidRequest(`Missing required parameter: '${name}'.`, name, 'missing_required_parameter') };
  }
  const format = typeof b['response_format'] === 'string' ? b['response_format'] : 'mp3';
  if (!(format in CONTENT_TYPES)) return { ok: false, error: invalidRequest(`Invalid response_format: '${format}'.`, 'response_format') };
  const sse = b['stream_format'] === 'sse';
  if (sse && /^tts-1/.test(model))
    return { ok: false, error: invalidRequest(`stream_format 'sse' is not supported for ${model}.`, 'stream_format', 'unsupported_value') };
  const input = b['input'] as string;
  return { ok: true, markerText: input, value: { model, input, voice: b['voice'] as string, format, sse } };
}

/** Deterministic audio: a container-like header, then bytes derived from the text and voice. */
function audioChunks(request: OpenAISpeechRequest): Buffer[] {
  const count = Math.max(3, Math.ceil(request.input.length / CHARACTERS_PER_CHUNK));
  const seed = Buffer.from(`${request.voice}:${request.input}`);
  return Array.from({ length: count }, (_, i) => {
    const chunk = Buffer.alloc(CHUNK_BYTES, seed[i % seed.length]! ^ i);
    if (i === 0) chunk.write(request.format === 'wav' ? 'RIFF' : request.format === 'mp3' ? 'ID3' : request.format.toUpperCase());
    return chunk;
  });
}

/**
 * The audio, streamed in chunks as OpenAI streams it: plain bytes, or
 * speech.audio.delta events (base64) then speech.audio.done with usage.
 * Chunk delays, cuts and holds apply per chunk.
 */
export function speechStream(request: OpenAISpeechRequest, flavour: OpenAIFlavour): StreamPlan {
  const chunks = audioChunks(request);
  if (!request.sse)
    return {
      kind: 'stream',
      headers: { ...openaiHeaders(flavour), 'content-type': CONTENT_TYPES[request.format]!, 'transfer-encoding': 'chunked' },
      chunks: chunks.map((c): Frame[] => [c]),
      errorFrames: () => [],
    };
  const sse = (data: unknown): string => `data: ${JSON.stringify(data)}\n\n`;
  const inputTokens = countTokens(request.input);
  const outputTokens = chunks.length * 50;
  const frames: Frame[][] = chunks.map((c) => [sse({ type: 'speech.audio.delta', audio: c.toString('base64') })]);
  frames[frames.length - 1]!.push(
    sse({
      type: 'speech.audio.done',
      usage: { input_tokens: inputTokens, output_tokens: outputTokens, total_tokens: inputTokens + outputTokens },
    }),
  );
  return {
    kind: 'stream',
    headers: { ...openaiHeaders(flavour), 'content-type': 'text/event-stream' },
    chunks: frames,
    errorFrames: () => [sse({ type: 'error', error: { message: 'The server had an error.', type: 'server_error' } })],
  };
}
