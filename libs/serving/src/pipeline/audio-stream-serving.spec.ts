import { ErrorClass, RoutingTrace, SpeechRequest, Usage } from '@switchyard/contracts';
import type { AudioStreamEvent, RoutedAudioStreamEvent } from '@switchyard/contracts';
import { fakeServing } from '../../test/fake-router';
import type { AudioStreamRenderer, Inbound, StreamTransport } from '../surfaces';
import { ServingPipeline } from './serving-pipeline';

const inbound = <Body>(key: string, body: Body): Inbound<Body> => ({
  admission: { credential: key, feature: undefined, requestId: 'req_1', apiSurface: 'openai', endUser: '', nowMs: Date.now() },
  body,
  bodyBytes: 10,
});
const speech = SpeechRequest.fromPartial({ model: 'tts', input: 'hello', voice: 'alloy' });
const trace = RoutingTrace.fromPartial({ deploymentId: 'tts-1', attempts: 1 });
const chunk = (event: AudioStreamEvent['event']): RoutedAudioStreamEvent => ({ event: { $case: 'chunk', chunk: { event } } });

/** A transport that keeps what is written, and how it ended. */
function recording(): { transport: StreamTransport<string>; written: string[]; ended: string[] } {
  const written: string[] = [];
  const ended: string[] = [];
  const transport: StreamTransport<string> = {
    signal: new AbortController().signal,
    open: () => ended.push('open'),
    write: async (frame) => {
      written.push(frame);
      return frame.length;
    },
    close: () => ended.push('close'),
    broke: (_error, frames) => ended.push(`broke:${frames.join('')}`),
    drop: () => ended.push('drop'),
    release: () => undefined,
  };
  return { transport, written, ended };
}

const renderer: AudioStreamRenderer<string> = {
  chunk: (e) => (e.event?.$case === 'audio' ? [Buffer.from(e.event.audio).toString()] : []),
  error: () => [],
  end: () => ['<end>'],
};

describe('serving pipeline: audio streams', () => {
  it('relays speech as it comes and records one audio.speech request with its usage', async () => {
    const { deps, router, events, key } = fakeServing();
    router.audioScript = [
      { event: { $case: 'started', started: { trace } } },
      chunk({ $case: 'audio', audio: Buffer.from('ab') }),
      chunk({ $case: 'audio', audio: Buffer.from('cd') }),
      chunk({ $case: 'usage', usage: Usage.fromPartial({ metered: { quantity: 5 } }) }),
    ];
    const { transport, written, ended } = recording();
    await new ServingPipeline(deps).speak(
      inbound(key, speech),
      { requestedModel: () => 'tts', parse: (b) => b },
      {
        stream: () => ({ renderer, transport }),
      },
    );
    expect(router.audioStreams[0]?.request).toMatchObject({ $case: 'speech', speech: { input: 'hello' } });
    expect(written).toEqual(['ab', 'cd', '<end>']);
    expect(ended).toEqual(['open', 'close']);
    expect(events.map((e) => [e.endpoint, e.httpStatus, e.stream, e.usage.metered?.quantity])).toEqual([['audio.speech', 200, true, 5]]);
    expect(events[0]!.ttftMs).toBeGreaterThan(0);
  });

  it('breaks the stream when the provider fails after the first byte, and records why', async () => {
    const { deps, router, events, key } = fakeServing();
    router.audioScript = [
      { event: { $case: 'started', started: { trace } } },
      chunk({ $case: 'audio', audio: Buffer.from('ab') }),
      chunk({ $case: 'error', error: { errorClass: ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED, message: 'cut' } as never }),
    ];
    const { transport, ended } = recording();
    await new ServingPipeline(deps).speak(
      inbound(key, speech),
      { requestedModel: () => 'tts', parse: (b) => b },
      {
        stream: () => ({ renderer, transport }),
      },
    );
    expect(ended[1]).toBe('broke:');
    expect(events[0]?.errorClass).toBe(ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED);
  });

  it('answers a failure before the first byte as a plain error', async () => {
    const { deps, router, events, key } = fakeServing();
    router.audioScript = [
      { event: { $case: 'failed', failed: { error: { errorClass: ErrorClass.ERROR_CLASS_UNSUPPORTED, message: 'no' } as never, trace } } },
    ];
    const { transport, ended } = recording();
    await expect(
      new ServingPipeline(deps).speak(
        inbound(key, speech),
        { requestedModel: () => 'tts', parse: (b) => b },
        {
          stream: () => ({ renderer, transport }),
        },
      ),
    ).rejects.toMatchObject({ status: 400 });
    expect(ended).toEqual([]);
    expect(events.map((e) => e.httpStatus)).toEqual([400]);
  });
});
