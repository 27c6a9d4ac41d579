import { AudioStreamInvokeRequest, checkedAudioStreamInvocation, ErrorClass, MeteredUnit } from '@switchyard/contracts';
import type { AudioInvokeStreamEvent, SpeechRequest, TranscriptionRequest } from '@switchyard/contracts';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FamilyRegistry } from '../provider-registry';
import { UpstreamClient } from '../upstream/upstream-client';
import type { AttemptOutcome } from './attempt-outcome';
import { AttemptExecutor } from './attempt-executor';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

describe('audio streams (AttemptExecutor.audioStream)', () => {
  let server: Server;
  let base = '';
  let handler: Handler = (_req, _body, res) => res.end();
  const recorded: AttemptOutcome[] = [];
  const client = new UpstreamClient(4);
  const invoker = new AttemptExecutor(
    FamilyRegistry.builtIn(),
    client,
    { resolve: () => ({ apiKey: 'k', extras: {} }) },
    {
      record: (o) => {
        recorded.push(o);
        return { microUsd: 3, nanoUsd: 3_000 };
      },
    },
    { defaultTimeoutMs: 5000, streamIdleTimeoutMs: 5000 },
  );

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => handler(req, Buffer.concat(chunks).toString('utf8'), res));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(async () => {
    await client.close();
    await new Promise((r) => server.close(r));
  });
  beforeEach(() => (recorded.length = 0));

  const call = (upstreamModel: string, request: AudioStreamInvokeRequest['request']) =>
    checkedAudioStreamInvocation(
      AudioStreamInvokeRequest.fromPartial({
        context: { requestId: 'req_1', tenantId: 't' },
        target: { deploymentId: 'd1', provider: 'openai', upstreamModel, baseUrl: base, credentialRef: 'cred:x' },
        request,
      }),
    );
  const speech = (fields: Partial<SpeechRequest>): AudioStreamInvokeRequest['request'] => ({
    $case: 'speech',
    speech: { model: 'tts', input: 'héllo', voice: 'alloy', responseFormat: 'mp3', instructions: '', endUser: '', ...fields },
  });
  const collect = async (events: AsyncIterable<AudioInvokeStreamEvent>) => {
    const out: AudioInvokeStreamEvent[] = [];
    for await (const e of events) out.push(e);
    return out;
  };

  it('relays tts-1 bytes as they come, then the characters it is billed by, then the cost', async () => {
    let sent: Record<string, unknown> = {};
    handler = (req, body, res) => {
      sent = { url: req.url, accept: req.headers['accept'], ...(JSON.parse(body) as object) };
      res.writeHead(200, { 'content-type': 'audio/mpeg' });
      res.write(Buffer.from('ID3aa'));
      setTimeout(() => res.end(Buffer.from('bb')), 5);
    };
    const events = await collect(invoker.audioStream(call('tts-1', speech({})), new AbortController().signal));
    expect(sent).toMatchObject({ url: '/v1/audio/speech', model: 'tts-1', input: 'héllo', voice: 'alloy', response_format: 'mp3' });
    expect(sent['stream_format']).toBeUndefined();
    const audio = events.flatMap((e) => (e.chunk?.event?.$case === 'audio' ? [Buffer.from(e.chunk.event.audio).toString()] : []));
    expect(audio.join('')).toBe('ID3aabb');
    const usage = events.find((e) => e.chunk?.event?.$case === 'usage')?.chunk?.event;
    expect(usage?.$case === 'usage' && usage.usage.metered).toEqual({ unit: MeteredUnit.METERED_UNIT_CHARACTER, quantity: 5, variant: '' });
    expect(events[events.length - 1]).toMatchObject({ chunk: undefined, cost: { microUsd: 3 } });
    expect(recorded[0]).toMatchObject({ endpoint: 'audio.speech', stream: true, error: undefined });
  });

  it('asks a gpt-4o speech model for SSE, decodes its base64 audio and takes its token usage', async () => {
    handler = (_req, body, res) => {
      expect(JSON.parse(body)).toMatchObject({ stream_format: 'sse' });
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${JSON.stringify({ type: 'speech.audio.delta', audio: Buffer.from('abc').toString('base64') })}\n\n`);
      res.end(`data: ${JSON.stringify({ type: 'speech.audio.done', usage: { input_tokens: 4, output_tokens: 9, total_tokens: 13 } })}\n\n`);
    };
    const events = await collect(invoker.audioStream(call('gpt-4o-mini-tts', speech({})), new AbortController().signal));
    const first = events[0]?.chunk?.event;
    expect(first?.$case === 'audio' && Buffer.from(first.audio).toString()).toBe('abc');
    expect(recorded[0]?.usage).toMatchObject({ inputTokens: 4, outputTokens: 9, audioOutputTokens: 9 });
  });

  it('reports a provider error before the first byte as the attempt failing, and a cut stream as interrupted', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'busy', type: 'server_error' } }));
    };
    const failed = await collect(invoker.audioStream(call('tts-1', speech({})), new AbortController().signal));
    expect(failed[0]?.chunk?.event?.$case).toBe('error');
    expect(recorded[0]?.error?.upstreamStatus).toBe(503);

    handler = (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'audio/mpeg' });
      res.write(Buffer.from('ID3'));
      setTimeout(() => res.socket?.destroy(), 5);
    };
    const cut = await collect(invoker.audioStream(call('tts-1', speech({})), new AbortController().signal));
    const last = cut.find((e) => e.chunk?.event?.$case === 'error')?.chunk?.event;
    expect(last?.$case === 'error' && last.error.errorClass).toBe(ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED);
    // The characters were voiced up to the cut: what was relayed is billed.
    expect(recorded[1]?.usage.metered?.quantity).toBe(5);
  });

  it('streams a gpt-4o transcript; a whisper model answers in one piece on the same events', async () => {
    const transcription = (model: string): AudioStreamInvokeRequest['request'] => ({
      $case: 'transcription',
      transcription: { model, audio: Buffer.from('RIFF'), filename: 'a.wav', stream: true } as TranscriptionRequest,
    });
    handler = (_req, body, res) => {
      expect(body).toContain('name="stream"\r\n\r\ntrue');
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${JSON.stringify({ type: 'transcript.text.delta', delta: 'Hi' })}\n\n`);
      res.end(
        `data: ${JSON.stringify({ type: 'transcript.text.done', text: 'Hi', usage: { type: 'tokens', input_tokens: 7, output_tokens: 1 } })}\n\n`,
      );
    };
    const streamed = await collect(invoker.audioStream(call('gpt-4o-mini-transcribe', transcription('t')), new AbortController().signal));
    expect(streamed.map((e) => e.chunk?.event?.$case)).toEqual(['text', 'usage', undefined]);
    expect(recorded[0]).toMatchObject({ endpoint: 'audio.transcriptions', stream: true, usage: { inputTokens: 7, outputTokens: 1 } });

    handler = (_req, body, res) => {
      expect(body).not.toContain('name="stream"');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ text: 'Whole', duration: 2.5, usage: { type: 'duration', seconds: 3 } }));
    };
    const whole = await collect(invoker.audioStream(call('whisper-1', transcription('w')), new AbortController().signal));
    const text = whole[0]?.chunk?.event;
    expect(text?.$case === 'text' && text.text).toBe('Whole');
    expect(whole[1]?.chunk?.event?.$case).toBe('usage');
    expect(recorded[1]).toMatchObject({ stream: false, usage: { metered: { quantity: 3_000 } } });
  });
});
