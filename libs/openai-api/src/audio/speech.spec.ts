import { ApiError } from '@switchyard/api-errors';
import { MeteredUnit } from '@switchyard/contracts';
import type { AudioStreamEvent } from '@switchyard/contracts';
import { parseSpeechRequest } from './parse-speech-request';
import { speechBytes, speechEvents, transcriptEvents } from './render-audio-stream';

const refusal = (body: unknown): ApiError => {
  try {
    parseSpeechRequest(body);
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('accepted');
};

const parsed = (frame: string | Buffer) => JSON.parse(String(frame).replace(/^data: /, '')) as Record<string, unknown>;

describe('parseSpeechRequest', () => {
  it('reads OpenAI speech bodies with their defaults (mp3, plain audio bytes)', () => {
    const { request, streamFormat } = parseSpeechRequest({ model: 'tts-1', input: 'Hello', voice: 'alloy', speed: 1.5, user: 'u1' });
    expect(request).toMatchObject({ model: 'tts-1', input: 'Hello', voice: 'alloy', responseFormat: 'mp3', speed: 1.5, endUser: 'u1' });
    expect(streamFormat).toBe('audio');
    expect(parseSpeechRequest({ model: 'm', input: 'x', voice: { id: 'voice_123' }, stream_format: 'sse' })).toMatchObject({
      request: { voice: 'voice_123' },
      streamFormat: 'sse',
    });
  });

  it('refuses what OpenAI refuses, naming the parameter', () => {
    expect(refusal({ model: 'tts-1', input: 'hi' })).toMatchObject({ status: 400, param: 'voice', code: 'missing_required_parameter' });
    expect(refusal({ model: 'tts-1', voice: 'a', input: 3 })).toMatchObject({ param: 'input', code: 'invalid_type' });
    expect(refusal({ model: 'tts-1', voice: 'a', input: 'x'.repeat(4_097) })).toMatchObject({ param: 'input' });
    expect(refusal({ model: 'tts-1', voice: 'a', input: 'hi', response_format: 'mp4' })).toMatchObject({ param: 'response_format' });
    expect(refusal({ model: 'tts-1', voice: 'a', input: 'hi', speed: 9 })).toMatchObject({ param: 'speed' });
    expect(refusal({ model: 'tts-1', voice: 'a', input: 'hi', stream_format: 'ws' })).toMatchObject({ param: 'stream_format' });
    expect(refusal({ model: 'tts-1', voice: 'a', input: 'hi', pitch: 2 })).toMatchObject({ param: 'pitch', code: 'unknown_parameter' });
    expect(refusal([])).toMatchObject({ status: 400 });
  });
});

describe('audio stream frames', () => {
  const audio: AudioStreamEvent = { event: { $case: 'audio', audio: Buffer.from('abc') } };
  const usage: AudioStreamEvent = { event: { $case: 'usage', usage: { inputTokens: 2, outputTokens: 5 } as never } };

  it('writes speech as the bytes themselves, or as speech.audio.delta / speech.audio.done events', () => {
    expect(speechBytes().chunk(audio)).toEqual([Buffer.from('abc')]);
    expect(speechBytes().chunk(usage)).toEqual([]);
    const sse = speechEvents();
    expect(parsed(sse.chunk(audio)[0]!)).toEqual({ type: 'speech.audio.delta', audio: 'YWJj' });
    expect(parsed(sse.chunk(usage)[0]!)).toEqual({
      type: 'speech.audio.done',
      usage: { input_tokens: 2, output_tokens: 5, total_tokens: 7 },
    });
    expect(parsed(sse.error(ApiError.internal())[0]!)).toMatchObject({
      type: 'error',
      error: { type: 'server_error', code: 'internal_error' },
    });
  });

  it('writes a transcript as deltas, then done with the whole text and the unit it was billed in', () => {
    const frames = transcriptEvents();
    const text = (t: string): AudioStreamEvent => ({ event: { $case: 'text', text: t } });
    expect(parsed(frames.chunk(text('Hel'))[0]!)).toEqual({ type: 'transcript.text.delta', delta: 'Hel' });
    frames.chunk(text('lo'));
    const duration: AudioStreamEvent = {
      event: { $case: 'usage', usage: { metered: { unit: MeteredUnit.METERED_UNIT_AUDIO_MS, quantity: 2_500 } } as never },
    };
    expect(parsed(frames.chunk(duration)[0]!)).toEqual({
      type: 'transcript.text.done',
      text: 'Hello',
      usage: { type: 'duration', seconds: 3 },
    });
  });
});
