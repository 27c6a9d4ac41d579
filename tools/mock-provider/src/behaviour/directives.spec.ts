import { readDirectives, stripMarkers } from './directives';
import { parseBehaviourPatch } from './config';

describe('request directives', () => {
  it('reads x-mock-* headers', () => {
    const d = readDirectives(
      { 'x-mock-status': '503', 'x-mock-latency-ms': '20', 'x-mock-hold-until-release': 'abc', 'x-mock-cut-after-chunks': '2' },
      '',
    );
    expect(d).toEqual({ behaviour: { latencyMs: 20, cutAfterChunks: 2 }, status: 503, holdToken: 'abc' });
  });

  it('reads markers, which win over headers, and ignores junk', () => {
    const d = readDirectives(
      { 'x-mock-status': '500' },
      'hi [[mock:status=429, retry_after=4,content_filter]] and [[mock:words=3,bogus=1,cut=0]]',
    );
    expect(d).toEqual({ behaviour: { replyWords: 3 }, status: 429, retryAfterSeconds: 4, contentFilter: true });
  });

  it('combines stream_error and stream_error_after in either order', () => {
    expect(readDirectives({}, '[[mock:stream_error_after=3,stream_error=529]]').streamError).toEqual({ status: 529, afterChunks: 3 });
    expect(readDirectives({}, '[[mock:stream_error=529]]').streamError).toEqual({ status: 529, afterChunks: 1 });
  });

  it('strips markers from text used for replies', () => {
    expect(stripMarkers('tell me [[mock:status=500]] more')).toBe('tell me more');
  });
});

describe('behaviour config validation', () => {
  it('accepts valid patches and fills rateLimit defaults', () => {
    expect(parseBehaviourPatch({ rateLimit: { everyNth: 3 }, failRate: 0.5 })).toEqual({
      ok: true,
      patch: { rateLimit: { retryAfterSeconds: 1, everyNth: 3 }, failRate: 0.5 },
    });
  });

  it.each([[{ failRate: 1.5 }], [{ latencyMs: -1 }], [{ rateLimit: {} }], [{ failStatus: 42 }], [{ nope: true }], [[]]])(
    'rejects %j',
    (patch) => {
      expect(parseBehaviourPatch(patch).ok).toBe(false);
    },
  );
});
