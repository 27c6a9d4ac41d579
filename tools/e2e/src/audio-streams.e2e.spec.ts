import { Capabilities } from '@switchyard/contracts';
import OpenAI, { toFile } from 'openai';
import { wav } from './audio-fixtures';
import { TestStack } from './test-stack';

interface UsageRow {
  endpoint: string;
  stream: number;
  input_tokens: number;
  output_tokens: number;
  audio_output_tokens: number;
  metered_unit: string;
  metered_quantity: number;
  cost_nano_usd: number;
  status: string;
}

/** Reads a body to its end, counting its chunks and bytes. */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<{ chunks: number; bytes: number }> {
  let chunks = 0;
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { chunks, bytes };
    chunks += 1;
    bytes += value.length;
  }
}

/**
 * Issue 17 item 2 (the streamed half): /v1/audio/speech relays the audio as
 * the provider makes it (plain bytes or OpenAI's SSE), billed per character
 * (tts-1) or by the tokens the provider reports (gpt-4o-mini-tts); streamed
 * transcription relays text as it is recognized. With the official client.
 */
describe('audio streams: speech and streamed transcription', () => {
  let t: TestStack;
  let openai: OpenAI;
  let key: string;
  const only = (cap: 'speech' | 'transcription') => Capabilities.fromPartial({ [cap]: true });

  beforeAll(async () => {
    t = await TestStack.start({ services: ['provider-adapters', 'router', 'ingress', 'metering'] });
    await t.seeder.tenant('ten_voice');
    await t.seeder.credential('cred-voice-openai', 'openai', 'sk-voice');
    await t.seeder.credential('cred-voice-azure', 'azure-openai', 'azure-voice-key');
    const openaiAt = (id: string, model: string, upstreamModel: string, cap: 'speech' | 'transcription') =>
      t.seeder.deployment({
        id,
        model,
        upstreamModel,
        provider: 'openai',
        baseUrl: `${t.mock.url}/d/${id}/v1`,
        credentialId: 'cred-voice-openai',
        capabilities: only(cap),
      });
    await openaiAt('tts-openai', 'tts-1', 'tts-1', 'speech');
    await openaiAt('tts-mini', 'gpt-4o-mini-tts', 'gpt-4o-mini-tts', 'speech');
    await openaiAt('speech-primary', 'speech-primary', 'tts-1', 'speech');
    await openaiAt('speech-backup', 'speech-backup', 'tts-1', 'speech');
    await t.seeder.alias('speech', ['speech-primary', 'speech-backup']);
    await t.seeder.deployment({
      id: 'tts-azure',
      model: 'azure-tts',
      upstreamModel: 'tts-1-hd',
      provider: 'azure-openai',
      baseUrl: `${t.mock.url}/d/tts-azure`,
      credentialId: 'cred-voice-azure',
      options: { api_version: '2025-03-01-preview' },
      capabilities: only('speech'),
    });
    await openaiAt('transcribe-stream', 'gpt-4o-mini-transcribe', 'gpt-4o-mini-transcribe', 'transcription');
    await openaiAt('whisper-stream', 'whisper-1', 'whisper-1', 'transcription');
    key = (await t.seeder.issueKey('ten_voice')).plaintext;
    openai = new OpenAI({ apiKey: key, baseURL: t.baseUrl, maxRetries: 0 });
    await t.waitForConfig();
  });

  afterAll(() => t?.stop());

  const usageRows = (deployment: string, count: number) =>
    t.eventually<UsageRow>(
      `SELECT endpoint, stream, input_tokens, output_tokens, audio_output_tokens, metered_unit, metered_quantity, cost_nano_usd, status
         FROM ${t.id}.usage_events WHERE tenant_id = 'ten_voice' AND deployment_id = '${deployment}' ORDER BY occurred_at_ms`,
      (rows) => rows.length >= count,
    );

  it('streams tts-1 speech bytes before the provider has finished, and bills its characters at $15 per million', async () => {
    const input = 'Switchyard speaks while the provider is still talking. [[mock:hold=speech-1]]';
    const response = await openai.audio.speech.create({ model: 'tts-1', voice: 'alloy', input });
    expect(response.headers.get('content-type')).toBe('audio/mpeg');
    expect(response.headers.get('x-switchyard-deployment')).toBe('tts-openai');
    const reader = response.body!.getReader();
    // The mock holds everything after its first chunk until released: this read returns only if nothing buffers it.
    const first = await reader.read();
    expect(first.done).toBe(false);
    expect(Buffer.from(first.value!).subarray(0, 3).toString()).toBe('ID3');
    expect(t.mock.release('speech-1')).toBe(1);
    const rest = await drain(reader);
    const chunks = Math.max(3, Math.ceil(input.length / 16));
    expect(first.value!.length + rest.bytes).toBe(chunks * 2_048);
    const [row] = await usageRows('tts-openai', 1);
    expect(row).toMatchObject({
      endpoint: 'audio.speech',
      stream: 1,
      metered_unit: 'character',
      metered_quantity: input.length,
      status: 'ok',
    });
    // $15 per million characters: 15,000 nano-USD per character.
    expect(row!.cost_nano_usd).toBe(input.length * 15_000);
  });

  it('bills gpt-4o-mini-tts by the tokens its event stream reports, whether the caller takes bytes or SSE', async () => {
    const input = 'Token priced speech.';
    const bytes = await openai.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'coral', input, response_format: 'wav' });
    expect(bytes.headers.get('content-type')).toBe('audio/wav');
    const audio = Buffer.from(await bytes.arrayBuffer());
    expect(audio.subarray(0, 4).toString()).toBe('RIFF');
    expect(audio.length).toBe(3 * 2_048);

    const sse = await openai.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'coral', input, stream_format: 'sse' });
    expect(sse.headers.get('content-type')).toContain('text/event-stream');
    const events = (await sse.text())
      .split('\n\n')
      .filter((f) => f.startsWith('data: '))
      .map((f) => JSON.parse(f.slice(6)) as { type: string; audio?: string; usage?: Record<string, number> });
    expect(events.map((e) => e.type)).toEqual(['speech.audio.delta', 'speech.audio.delta', 'speech.audio.delta', 'speech.audio.done']);
    expect(Buffer.from(events[0]!.audio!, 'base64').length).toBe(2_048);
    expect(events[3]!.usage).toMatchObject({ output_tokens: 150 });

    const rows = await usageRows('tts-mini', 2);
    for (const row of rows) {
      expect(row).toMatchObject({ endpoint: 'audio.speech', output_tokens: 150, audio_output_tokens: 150, metered_unit: 'character' });
      // $0.60/M text input (600 nano-USD a token), $12/M audio output (12,000 nano-USD a token); no character price.
      expect(row!.cost_nano_usd).toBe(row!.input_tokens * 600 + 150 * 12_000);
    }
  });

  it('speaks on Azure OpenAI, and fails over to the next deployment before the first byte', async () => {
    const azure = await openai.audio.speech.create({
      model: 'azure-tts',
      voice: 'nova',
      input: 'Hello from Azure.',
      response_format: 'opus',
    });
    expect(azure.headers.get('content-type')).toBe('audio/opus');
    expect((await azure.arrayBuffer()).byteLength).toBe(3 * 2_048);
    const [row] = await usageRows('tts-azure', 1);
    // tts-1-hd: $30 per million characters.
    expect(row).toMatchObject({ metered_quantity: 17, cost_nano_usd: 17 * 30_000 });

    t.mock.setDeployment('speech-primary', { failRate: 1, failStatus: 503 });
    try {
      const served = await openai.audio.speech.create({ model: 'speech', voice: 'alloy', input: 'Fail over, please.' });
      expect(served.headers.get('x-switchyard-deployment')).toBe('speech-backup');
      expect(served.headers.get('x-switchyard-attempts')).toBe('2');
      expect((await served.arrayBuffer()).byteLength).toBe(3 * 2_048);
    } finally {
      t.mock.setDeployment('speech-primary', {});
    }
  });

  it('cuts the connection when speech breaks mid-stream, so a client cannot take half the audio for all of it', async () => {
    const response = await openai.audio.speech.create({
      model: 'tts-1',
      voice: 'alloy',
      input: 'Cut me off after two chunks [[mock:cut=2]]',
    });
    const reader = response.body!.getReader();
    await expect(drain(reader)).rejects.toThrow();
    const rows = await usageRows('tts-openai', 2);
    expect(rows[1]).toMatchObject({ status: 'stream_interrupted' });
  });

  it('streams a gpt-4o transcript as it is recognized, and answers whisper in one piece on the same stream shape', async () => {
    const file = () => toFile(wav(2), 'tone.wav', { type: 'audio/wav' });
    const stream = await openai.audio.transcriptions.create({ file: await file(), model: 'gpt-4o-mini-transcribe', stream: true });
    const deltas: string[] = [];
    let done: { text: string; usage?: { type: string; input_token_details?: { audio_tokens?: number } } } | undefined;
    for await (const event of stream) {
      if (event.type === 'transcript.text.delta') deltas.push(event.delta);
      if (event.type === 'transcript.text.done') done = event as typeof done;
    }
    expect(deltas.length).toBe(6);
    expect(deltas.join('')).toBe('Transcribed tone.wav: 2 seconds of audio.');
    expect(done).toMatchObject({
      text: 'Transcribed tone.wav: 2 seconds of audio.',
      usage: { type: 'tokens', input_token_details: { audio_tokens: 20 } },
    });
    const [row] = await usageRows('transcribe-stream', 1);
    expect(row).toMatchObject({ endpoint: 'audio.transcriptions', stream: 1, status: 'ok' });
    expect(row!.input_tokens).toBe(20);

    const whisper = await openai.audio.transcriptions.create({ file: await file(), model: 'whisper-1', stream: true });
    const types: string[] = [];
    let text = '';
    for await (const event of whisper) {
      types.push(event.type);
      if (event.type === 'transcript.text.delta') text += event.delta;
    }
    expect(types).toEqual(['transcript.text.delta', 'transcript.text.done']);
    expect(text).toBe('Transcribed tone.wav: 2 seconds of audio.');
    const [billed] = await usageRows('whisper-stream', 1);
    expect(billed).toMatchObject({ metered_unit: 'audio_ms', metered_quantity: 2_000, cost_nano_usd: 200_000 });
  });

  it('refuses bad speech bodies and streamed timestamps in OpenAI error JSON, and bills nothing for them', async () => {
    const refused = async (body: Promise<unknown>) => {
      const error = await body.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(OpenAI.APIError);
      return error as InstanceType<typeof OpenAI.APIError>;
    };
    const post = (body: unknown) =>
      fetch(`${t.baseUrl}/audio/speech`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const noVoice = await post({ model: 'tts-1', input: 'hi' });
    expect(noVoice.status).toBe(400);
    expect(((await noVoice.json()) as { error: object }).error).toMatchObject({ param: 'voice', code: 'missing_required_parameter' });
    const unknown = await post({ model: 'tts-1', input: 'hi', voice: 'alloy', pitch: 3 });
    expect(((await unknown.json()) as { error: object }).error).toMatchObject({ param: 'pitch', code: 'unknown_parameter' });
    const format = await refused(
      openai.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'hi', response_format: 'mp4' as 'mp3' }),
    );
    expect(format).toMatchObject({ status: 400, param: 'response_format' });
    const tooLong = await refused(openai.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'x'.repeat(4_097) }));
    expect(tooLong).toMatchObject({ status: 400, param: 'input' });
    const notSpeech = await refused(openai.audio.speech.create({ model: 'whisper-1', voice: 'alloy', input: 'hi' }));
    expect(notSpeech.status).toBe(400);
    const srt = await refused(
      openai.audio.transcriptions.create({
        file: await toFile(wav(1), 'tone.wav'),
        model: 'gpt-4o-mini-transcribe',
        stream: true,
        response_format: 'srt',
      }),
    );
    expect(srt).toMatchObject({ status: 400, param: 'stream' });
    const rows = await t.query<{ n: number }>(
      `SELECT count() AS n FROM ${t.id}.usage_events WHERE tenant_id = 'ten_voice' AND deployment_id IN ('tts-openai', 'whisper-stream')`,
    );
    // Only the rows of the tests above: these refusals reached no provider.
    expect(Number(rows[0]!.n)).toBe(3);
  });
});
