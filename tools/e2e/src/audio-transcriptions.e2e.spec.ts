import { Capabilities } from '@switchyard/contracts';
import OpenAI, { toFile } from 'openai';
import { wav } from './audio-fixtures';
import { TestStack } from './test-stack';

interface UsageRow {
  endpoint: string;
  deployment_id: string;
  input_tokens: number;
  output_tokens: number;
  audio_input_tokens: number;
  metered_unit: string;
  metered_quantity: number;
  usage_estimated: number;
  cost_micro_usd: number;
  cost_nano_usd: number;
  status: string;
}

/**
 * Issue 17 item 2 (speech to text): /v1/audio/transcriptions and
 * /v1/audio/translations with the official client, on OpenAI, Azure OpenAI
 * and a Groq-style OpenAI-compatible whisper server; every response format;
 * whisper billed per minute of audio and gpt-4o-transcribe by its tokens.
 */
describe('audio transcriptions and translations', () => {
  let t: TestStack;
  let openai: OpenAI;
  let key: string;
  // Serves only this endpoint (every other capability off).
  const audioOnly = Capabilities.fromPartial({ transcription: true });
  const threeSeconds = wav(3);

  beforeAll(async () => {
    t = await TestStack.start({ services: ['provider-adapters', 'router', 'ingress', 'metering'] });
    await t.seeder.tenant('ten_audio');
    await t.seeder.credential('cred-audio-openai', 'openai', 'sk-audio-openai');
    await t.seeder.credential('cred-audio-azure', 'azure-openai', 'azure-audio-key');
    await t.seeder.credential('cred-audio-groq', 'openai-compatible', 'gsk-audio');
    const deployment = (id: string, fields: Parameters<TestStack['seeder']['deployment']>[0]) =>
      t.seeder.deployment({ ...fields, id, capabilities: audioOnly });
    await deployment('whisper-openai', {
      id: '',
      model: 'whisper-1',
      provider: 'openai',
      baseUrl: `${t.mock.url}/d/whisper-openai/v1`,
      credentialId: 'cred-audio-openai',
    });
    await deployment('whisper-azure', {
      id: '',
      model: 'azure-whisper',
      provider: 'azure-openai',
      upstreamModel: 'whisper',
      baseUrl: `${t.mock.url}/d/whisper-azure`,
      credentialId: 'cred-audio-azure',
      options: { api_version: '2024-10-21' },
    });
    await deployment('whisper-groq', {
      id: '',
      model: 'groq-whisper',
      provider: 'openai-compatible',
      upstreamModel: 'whisper-large-v3',
      baseUrl: `${t.mock.url}/d/whisper-groq/v1`,
      credentialId: 'cred-audio-groq',
      // Groq lists whisper-large-v3 at $0.111 per hour of audio: 1,850 micro-USD per minute.
      price: { audioMinuteMicroUsd: 1_850 },
    });
    await deployment('transcribe-4o', {
      id: '',
      model: 'gpt-4o-transcribe',
      provider: 'openai',
      baseUrl: `${t.mock.url}/d/transcribe-4o/v1`,
      credentialId: 'cred-audio-openai',
    });
    key = (await t.seeder.issueKey('ten_audio')).plaintext;
    openai = new OpenAI({ apiKey: key, baseURL: t.baseUrl, maxRetries: 0 });
    await t.waitForConfig();
  });

  afterAll(() => t?.stop());

  const usageRows = (deployment: string, count: number) =>
    t.eventually<UsageRow>(
      `SELECT endpoint, deployment_id, input_tokens, output_tokens, audio_input_tokens, metered_unit, metered_quantity,
              usage_estimated, cost_micro_usd, cost_nano_usd, status
         FROM ${t.id}.usage_events WHERE tenant_id = 'ten_audio' AND deployment_id = '${deployment}' ORDER BY occurred_at_ms`,
      (rows) => rows.length >= count,
    );

  it('transcribes a WAV on whisper-1 and bills its 3 seconds at $0.006 per minute', async () => {
    const { data, response } = await openai.audio.transcriptions
      .create({ file: await toFile(threeSeconds, 'tone.wav', { type: 'audio/wav' }), model: 'whisper-1' })
      .withResponse();
    expect(data.text).toBe('Transcribed tone.wav: 3 seconds of audio.');
    expect(data.usage).toEqual({ type: 'duration', seconds: 3 });
    expect(response.headers.get('x-switchyard-deployment')).toBe('whisper-openai');
    const [row] = await usageRows('whisper-openai', 1);
    // 3,000 ms x 6,000 micro-USD per minute / 60,000 ms = 300 micro-USD.
    expect(row).toMatchObject({
      endpoint: 'audio.transcriptions',
      metered_unit: 'audio_ms',
      metered_quantity: 3_000,
      cost_micro_usd: 300,
      cost_nano_usd: 300_000,
      status: 'ok',
      usage_estimated: 0,
    });
  });

  it('renders text, srt, vtt and verbose_json with word and segment timestamps', async () => {
    const file = () => toFile(threeSeconds, 'tone.wav', { type: 'audio/wav' });
    const text = await openai.audio.transcriptions.create({ file: await file(), model: 'whisper-1', response_format: 'text' });
    expect(text).toBe('Transcribed tone.wav: 3 seconds of audio.\n');
    const srt = await openai.audio.transcriptions.create({ file: await file(), model: 'whisper-1', response_format: 'srt' });
    expect(srt).toMatch(
      /^1\n00:00:00,000 --> 00:00:0\d,\d{3}\nTranscribed tone\.wav: 3\n\n2\n00:00:0\d,\d{3} --> 00:00:03,000\nseconds of audio\.\n\n$/,
    );
    const vtt = await openai.audio.transcriptions.create({ file: await file(), model: 'whisper-1', response_format: 'vtt' });
    expect(vtt.startsWith('WEBVTT\n\n00:00:00.000 --> ')).toBe(true);
    expect(vtt).toContain('--> 00:00:03.000\nseconds of audio.');
    const verbose = await openai.audio.transcriptions.create({
      file: await file(),
      model: 'whisper-1',
      response_format: 'verbose_json',
      timestamp_granularities: ['word', 'segment'],
    });
    expect(verbose).toMatchObject({
      task: 'transcribe',
      language: 'english',
      duration: 3,
      text: 'Transcribed tone.wav: 3 seconds of audio.',
    });
    expect(verbose.words?.map((w) => w.word)).toEqual(['Transcribed', 'tone.wav:', '3', 'seconds', 'of', 'audio.']);
    expect(verbose.words?.[5]?.end).toBe(3);
    expect(verbose.segments).toHaveLength(2);
    expect(verbose.segments?.[1]).toMatchObject({ id: 1, end: 3, text: ' seconds of audio.' });
    const wordsOnly = await openai.audio.transcriptions.create({
      file: await file(),
      model: 'whisper-1',
      response_format: 'verbose_json',
      timestamp_granularities: ['word'],
    });
    expect(wordsOnly.words).toHaveLength(6);
    expect(wordsOnly.segments).toBeUndefined();
  });

  it('translates on Azure OpenAI, and transcribes on a Groq-style server at its own per-minute price', async () => {
    const translated = await openai.audio.translations.create({
      file: await toFile(threeSeconds, 'tone.wav', { type: 'audio/wav' }),
      model: 'azure-whisper',
      response_format: 'verbose_json',
    });
    expect(translated).toMatchObject({ task: 'translate', text: 'Translated tone.wav: 3 seconds of audio.' });
    const [azure] = await usageRows('whisper-azure', 1);
    expect(azure).toMatchObject({ endpoint: 'audio.translations', metered_unit: 'audio_ms', metered_quantity: 3_000, cost_micro_usd: 300 });

    const groq = await openai.audio.transcriptions.create({ file: await toFile(wav(1.5), 'short.wav'), model: 'groq-whisper' });
    expect(groq.text).toBe('Transcribed short.wav: 1.5 seconds of audio.');
    const [row] = await usageRows('whisper-groq', 1);
    // Billed as the provider bills it (usage.seconds, whole seconds): 2,000 ms x 1,850 micro-USD per minute / 60,000 ms.
    expect(row).toMatchObject({ metered_quantity: 2_000, cost_nano_usd: 61_667, cost_micro_usd: 62 });
  });

  it('bills gpt-4o-transcribe by its audio and text tokens', async () => {
    const data = await openai.audio.transcriptions.create({
      file: await toFile(threeSeconds, 'tone.wav'),
      model: 'gpt-4o-transcribe',
      prompt: 'A test tone',
    });
    expect(data.usage).toMatchObject({ type: 'tokens', input_token_details: { audio_tokens: 30 } });
    const [row] = await usageRows('transcribe-4o', 1);
    expect(row!.audio_input_tokens).toBe(30);
    expect(row!.output_tokens).toBeGreaterThan(0);
    // $6/M audio input, $2.50/M text input, $10/M output: nano-USD per token 6,000 / 2,500 / 10,000.
    const text = row!.input_tokens - row!.audio_input_tokens;
    expect(row!.cost_nano_usd).toBe(30 * 6_000 + text * 2_500 + row!.output_tokens * 10_000);
  });

  it('refuses bad uploads in OpenAI error JSON, and bills nothing for them', async () => {
    const refused = async (body: Promise<unknown>) => {
      const error = await body.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(OpenAI.APIError);
      return error as InstanceType<typeof OpenAI.APIError>;
    };
    const notAudio = await refused(
      openai.audio.transcriptions.create({ file: await toFile(Buffer.from('hello'), 'notes.txt'), model: 'whisper-1' }),
    );
    expect(notAudio).toMatchObject({ status: 400, code: 'invalid_file_format', param: 'file' });
    const tooLarge = await refused(
      openai.audio.transcriptions.create({ file: await toFile(Buffer.alloc(25 * 1024 * 1024 + 1), 'big.wav'), model: 'whisper-1' }),
    );
    expect(tooLarge).toMatchObject({ status: 413, code: 'file_too_large' });
    const noTimestamps = await refused(
      openai.audio.transcriptions.create({
        file: await toFile(threeSeconds, 'tone.wav'),
        model: 'gpt-4o-transcribe',
        response_format: 'srt',
      }),
    );
    expect(noTimestamps.status).toBe(400);
    expect(noTimestamps.message).toContain('whisper');
    const granularity = await refused(
      openai.audio.transcriptions.create({
        file: await toFile(threeSeconds, 'tone.wav'),
        model: 'whisper-1',
        timestamp_granularities: ['word'],
      }),
    );
    expect(granularity).toMatchObject({ status: 400, param: 'timestamp_granularities' });

    const raw = (body: string, contentType: string) =>
      fetch(`${t.baseUrl}/audio/transcriptions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': contentType },
        body,
      });
    const broken = await raw(
      '--xyz\r\ncontent-disposition: form-data; name="model"\r\n\r\nwhisper-1\r\n--xy',
      'multipart/form-data; boundary=xyz',
    );
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { code: string; type: string } }).error).toMatchObject({
      code: 'invalid_multipart_body',
      type: 'invalid_request_error',
    });
    const noFile = await raw(
      '--xyz\r\ncontent-disposition: form-data; name="model"\r\n\r\nwhisper-1\r\n--xyz--\r\n',
      'multipart/form-data; boundary=xyz',
    );
    expect(noFile.status).toBe(400);
    expect(((await noFile.json()) as { error: { param: string } }).error.param).toBe('file');

    const requests = await t.eventually<{ n: number }>(
      `SELECT count() AS n FROM ${t.id}.request_events WHERE tenant_id = 'ten_audio' AND http_status >= 400`,
      (r) => Number(r[0]?.n) >= 6,
    );
    expect(Number(requests[0]?.n)).toBe(6);
    // Invalid forms never reach the router; the srt request on a text-only model is refused by provider-adapters
    // before any provider call (one failed attempt row, free). Nothing else was recorded or billed.
    const rows = await t.eventually<{ n: number; nanos: number }>(
      `SELECT count() AS n, sum(cost_nano_usd) AS nanos FROM ${t.id}.usage_events WHERE tenant_id = 'ten_audio' AND status != 'ok'`,
      (r) => Number(r[0]?.n) >= 1,
    );
    expect(rows[0]).toMatchObject({ n: 1, nanos: 0 });
  });
});
