import type { Frame, HttpReply, RouteContext, StreamPlan } from '../../server/types';
import { countTokens } from '../../behaviour/tokens';
import { invalidRequest } from './errors';
import { openaiHeaders, type OpenAIFlavour } from './headers';
import type { OpenAIParse } from './request';

/** One uploaded audio form, as OpenAI's /audio/transcriptions and /audio/translations read it. */
export interface OpenAIAudioRequest {
  model: string;
  translate: boolean;
  filename: string;
  durationS: number;
  prompt: string;
  responseFormat: string;
  granularities: string[];
  /** stream=true: the gpt-4o transcribers answer SSE; whisper ignores it, as at OpenAI. */
  stream: boolean;
}

const FORMATS = ['flac', 'm4a', 'mp3', 'mp4', 'mpeg', 'mpga', 'oga', 'ogg', 'wav', 'webm'];

interface Part {
  name: string;
  filename?: string;
  data: Buffer;
}

/** The provider's own multipart reading: just enough of RFC 7578 to get the fields back. */
function formParts(ctx: RouteContext): Part[] | null {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(String(ctx.req.headers['content-type'] ?? ''));
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) return null;
  const chunks = ctx.rawBody.toString('latin1').split(`--${marker}`);
  if (chunks.length < 3 || !chunks[chunks.length - 1]!.startsWith('--')) return null;
  const parts: Part[] = [];
  for (const chunk of chunks.slice(1, -1)) {
    const end = chunk.indexOf('\r\n\r\n');
    if (end < 0) return null;
    const head = chunk.slice(0, end);
    const name = /name="([^"]*)"/.exec(head)?.[1];
    if (!name) return null;
    const filename = /filename="([^"]*)"/.exec(head)?.[1];
    parts.push({ name, data: Buffer.from(chunk.slice(end + 4, -2), 'latin1'), ...(filename !== undefined && { filename }) });
  }
  return parts;
}

/** A WAV's length from its header; other containers are taken at 16 kB per second. */
export function audioSeconds(audio: Buffer): number {
  if (audio.length >= 44 && audio.toString('ascii', 0, 4) === 'RIFF' && audio.toString('ascii', 8, 12) === 'WAVE') {
    const byteRate = audio.readUInt32LE(28);
    const data = audio.indexOf('data', 12, 'ascii');
    if (byteRate > 0 && data > 0) return Math.min(audio.readUInt32LE(data + 4), audio.length - data - 8) / byteRate;
  }
  return audio.length / 16_000;
}

export function parseAudioRequest(ctx: RouteContext, translate: boolean): OpenAIParse<OpenAIAudioRequest> {
  const parts = formParts(ctx);
  if (!parts) return { ok: false, error: invalidRequest('Could not parse multipart form') };
  const field = (name: string) => parts.find((p) => p.name === name && p.filename === undefined)?.data.toString('utf8');
  const file = parts.find((p) => p.name === 'file' && p.filename !== undefined);
  if (!file) return { ok: false, error: invalidRequest("Missing required parameter: 'file'.", 'file', 'missing_required_parameter') };
  const extension = /\.([a-z0-9]+)$/i.exec(file.filename ?? '')?.[1]?.toLowerCase() ?? '';
  if (!FORMATS.includes(extension))
    return {
      ok: false,
      error: invalidRequest(`Invalid file format. Supported formats: ${JSON.stringify(FORMATS)}`, 'file', 'invalid_value'),
    };
  const model = field('model') ?? ctx.params['azureDeployment'] ?? '';
  if (!model) return { ok: false, error: invalidRequest("Missing required parameter: 'model'.", 'model', 'missing_required_parameter') };
  return {
    ok: true,
    markerText: field('prompt') ?? '',
    value: {
      model,
      translate,
      filename: file.filename ?? '',
      durationS: audioSeconds(file.data),
      prompt: field('prompt') ?? '',
      responseFormat: field('response_format') ?? 'json',
      granularities: parts.filter((p) => p.name === 'timestamp_granularities[]').map((p) => p.data.toString('utf8')),
      stream: field('stream') === 'true',
    },
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** A deterministic transcript: its words name the file and the audio's length, spread evenly over it. */
export function audioReply(request: OpenAIAudioRequest, flavour: OpenAIFlavour): HttpReply | StreamPlan {
  const seconds = round2(request.durationS);
  const text = `${request.translate ? 'Translated' : 'Transcribed'} ${request.filename}: ${seconds} seconds of audio.`;
  const words = text.split(' ');
  const step = seconds / words.length;
  const headers = { ...openaiHeaders(flavour) };
  if (request.responseFormat === 'text') return { status: 200, headers: { ...headers, 'content-type': 'text/plain' }, body: `${text}\n` };
  const tokenPriced = /^gpt-4o.*transcribe/.test(request.model);
  const audioTokens = Math.ceil(seconds * 10);
  const promptTokens = request.prompt ? countTokens(request.prompt) : 0;
  const usage = tokenPriced
    ? {
        type: 'tokens',
        input_tokens: audioTokens + promptTokens,
        input_token_details: { text_tokens: promptTokens, audio_tokens: audioTokens },
        output_tokens: countTokens(text),
        total_tokens: audioTokens + promptTokens + countTokens(text),
      }
    : { type: 'duration', seconds: Math.ceil(seconds) };
  if (request.stream && tokenPriced) return transcriptStream(words, text, usage, headers);
  const body: Record<string, unknown> = { text, usage };
  if (request.responseFormat === 'verbose_json' && !tokenPriced) {
    Object.assign(body, { task: request.translate ? 'translate' : 'transcribe', language: 'english', duration: seconds });
    if (request.granularities.includes('word'))
      body['words'] = words.map((word, i) => ({ word, start: round2(i * step), end: round2((i + 1) * step) }));
    if (request.granularities.length === 0 || request.granularities.includes('segment')) {
      const half = Math.ceil(words.length / 2);
      body['segments'] = [words.slice(0, half), words.slice(half)].map((w, id) => ({
        id,
        seek: 0,
        start: round2(id * half * step),
        end: round2(id === 0 ? half * step : seconds),
        text: ` ${w.join(' ')}`,
        tokens: w.map((_, i) => 1000 + i),
        temperature: 0,
        avg_logprob: -0.2,
        compression_ratio: 1.1,
        no_speech_prob: 0.01,
      }));
    }
  }
  return { status: 200, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** A gpt-4o transcriber's stream: transcript.text.delta per word, then transcript.text.done with the text and usage. */
function transcriptStream(words: string[], text: string, usage: object, headers: Record<string, string>): StreamPlan {
  const sse = (data: unknown): string => `data: ${JSON.stringify(data)}\n\n`;
  const chunks: Frame[][] = words.map((w, i) => [sse({ type: 'transcript.text.delta', delta: i === 0 ? w : ` ${w}` })]);
  chunks[chunks.length - 1]!.push(sse({ type: 'transcript.text.done', text, usage }));
  return {
    kind: 'stream',
    headers: { ...headers, 'content-type': 'text/event-stream' },
    chunks,
    errorFrames: () => [sse({ type: 'error', error: { message: 'The server had an error.', type: 'server_error' } })],
  };
}
