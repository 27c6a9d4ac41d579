import type Anthropic from '@anthropic-ai/sdk';
import OpenAI, { toFile } from 'openai';
import { wav } from '../audio-fixtures';
import { check, observe } from './check';
import { ENDPOINT_SETUPS, endpointModel } from './endpoint-families';
import type { Cell, Family } from './matrix';

export interface EndpointProbeContext {
  readonly openai: OpenAI;
  readonly anthropic: Anthropic;
}

type EndpointProbe = (ctx: EndpointProbeContext, family: Family, chatModel: string) => Promise<Cell>;

const REPLY = /^Mock reply from /;
const PNG_SIGNATURE = '89504e470d0a1a0a';
/** The mock's transcript of a 2 s tone named tone.wav. */
const TRANSCRIPT = 'Transcribed tone.wav: 2 seconds of audio.';

/**
 * A family without the endpoint's API refuses it, although the router sent it
 * a deployment flagged for it: a 400 in OpenAI's error shape naming the family
 * and what it lacks, before any provider call.
 */
function refusedCell(error: unknown, family: Family, what: RegExp): Cell {
  check(error instanceof OpenAI.APIError, `expected an API error, got ${String(error)}`);
  check(error.status === 400, `expected 400 for an endpoint the family lacks, got ${error.status}: ${error.message}`);
  check(error.code === 'unsupported_parameter', `expected code unsupported_parameter, got ${String(error.code)}`);
  const body = error.error as { message?: unknown; type?: unknown } | undefined;
  check(typeof body?.message === 'string' && body.type === 'invalid_request_error', `OpenAI error body: ${JSON.stringify(body)}`);
  check(
    error.message.includes(`${family} `) && what.test(error.message),
    `the 400 must name the family and the endpoint: ${error.message}`,
  );
  return { outcome: 'unsupported' };
}

const audioFile = () => toFile(wav(2), 'tone.wav', { type: 'audio/wav' });

export const endpointProbes: Record<string, EndpointProbe> = {
  responses: async ({ openai }, _family, model) => {
    const response = await openai.responses.create({ model, instructions: 'Be brief.', input: 'Hello responses' });
    check(response.object === 'response' && response.status === 'completed', `a completed response: ${response.status}`);
    check(REPLY.test(response.output_text), `output_text: ${response.output_text}`);
    const u = response.usage;
    check(u !== undefined && u.input_tokens > 0 && u.output_tokens > 0, 'usage is reported');
    check(u.total_tokens === u.input_tokens + u.output_tokens, 'total_tokens is input + output');
    return { outcome: 'pass' };
  },
  responses_stream: async ({ openai }, _family, model) => {
    const stream = openai.responses.stream({ model, input: 'Hello stream' });
    const types: string[] = [];
    stream.on('event', (e) => types.push(e.type));
    const final = await stream.finalResponse();
    check(final.status === 'completed' && REPLY.test(final.output_text), `streamed output_text: ${final.output_text}`);
    check(types.includes('response.output_text.delta') && types[types.length - 1] === 'response.completed', `events: ${types.join(',')}`);
    check((final.usage?.output_tokens ?? 0) > 0, 'the completed event carries usage');
    return { outcome: 'pass' };
  },
  count_tokens: async ({ anthropic }, family, model) => {
    const params = { model, messages: [{ role: 'user' as const, content: 'How many tokens are in this sentence, please?' }] };
    const { data, response } = await anthropic.messages.countTokens(params).withResponse();
    check(data.input_tokens > 0, `a positive count: ${data.input_tokens}`);
    const estimated = response.headers.get('x-switchyard-usage-estimated') === 'true';
    check(estimated !== ENDPOINT_SETUPS[family].exactCount, `exact where the family has a counter (estimated: ${estimated})`);
    if (estimated) return { outcome: 'pass', detail: 'estimated' };
    const message = await anthropic.messages.create({ ...params, max_tokens: 16 });
    check(data.input_tokens === message.usage.input_tokens, `exact: ${data.input_tokens} vs billed ${message.usage.input_tokens}`);
    return { outcome: 'pass', detail: 'exact' };
  },
  moderations: async ({ openai }, family) => {
    const model = endpointModel(family, 'moderation');
    const result = await observe(() => openai.moderations.create({ model, input: ['a calm afternoon', 'I will attack you'] }));
    if (!result.ok) return refusedCell(result.error, family, /moderation/);
    const flagged = result.value.results.map((r) => r.flagged);
    check(flagged.length === 2 && !flagged[0] && flagged[1], `one result per input, the threat flagged: ${JSON.stringify(flagged)}`);
    check(result.value.results[1]!.categories.violence, 'flagged as violence');
    return { outcome: 'pass' };
  },
  transcriptions: async ({ openai }, family) => {
    const model = endpointModel(family, 'transcription');
    const result = await observe(async () => openai.audio.transcriptions.create({ file: await audioFile(), model }));
    if (!result.ok) return refusedCell(result.error, family, /transcription/);
    check(result.value.text === TRANSCRIPT, `transcript: ${result.value.text}`);
    return { outcome: 'pass' };
  },
  transcription_stream: async ({ openai }, family) => {
    const model = endpointModel(family, 'transcriptionStream');
    const result = await observe(async () => {
      const stream = await openai.audio.transcriptions.create({ file: await audioFile(), model, stream: true });
      let text = '';
      let deltas = 0;
      let done = '';
      for await (const event of stream) {
        if (event.type === 'transcript.text.delta') {
          deltas += 1;
          text += event.delta;
        }
        if (event.type === 'transcript.text.done') done = event.text;
      }
      return { text, deltas, done };
    });
    if (!result.ok) return refusedCell(result.error, family, /transcription/);
    const { text, deltas, done } = result.value;
    check(text === TRANSCRIPT && done === TRANSCRIPT, `streamed transcript: ${text} / done: ${done}`);
    return { outcome: 'pass', detail: deltas > 1 ? `${deltas} deltas` : 'one piece' };
  },
  speech: async ({ openai }, family) => {
    const model = endpointModel(family, 'speech');
    const result = await observe(async () => {
      const response = await openai.audio.speech.create({ model, voice: 'alloy', input: 'Hello from the suite.' });
      return { type: response.headers.get('content-type'), audio: Buffer.from(await response.arrayBuffer()) };
    });
    if (!result.ok) return refusedCell(result.error, family, /speech/);
    const { type, audio } = result.value;
    check(type === 'audio/mpeg', `mp3 by default: ${type}`);
    // The mock voices 16 characters per 2,048-byte chunk, at least three chunks, an ID3 header first.
    check(audio.subarray(0, 3).toString() === 'ID3' && audio.length === 3 * 2_048, `audio bytes: ${audio.length}`);
    return { outcome: 'pass' };
  },
  images: async ({ openai }, family) => {
    const model = endpointModel(family, 'imageGeneration');
    const result = await observe(() => openai.images.generate({ model, prompt: 'a lighthouse at dusk', response_format: 'b64_json' }));
    if (!result.ok) return refusedCell(result.error, family, /image generation/);
    const images = result.value.data ?? [];
    check(images.length === 1 && result.value.created > 0, `one image: ${images.length}`);
    const png = Buffer.from(images[0]!.b64_json ?? '', 'base64');
    check(png.subarray(0, 8).toString('hex') === PNG_SIGNATURE, 'a PNG, as base64');
    return { outcome: 'pass' };
  },
};
