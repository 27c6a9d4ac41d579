import { fromSurfaceToolCallId, toSurfaceToolCallId, ToolCallIdSurface } from './tool-call-id-codec';

const ANTHROPIC_ID = /^[a-zA-Z0-9_-]+$/;
const OPENAI_NATIVE = 'call_Zk3q9XbP0aLmN2cVt7RyWsD1';
const ANTHROPIC_NATIVE = 'toolu_01A09q90qw90lq917835lq9V';

describe('tool-call id codec', () => {
  it('shows an OpenAI id as toolu_ on the Anthropic surface and gives it back', () => {
    const shown = toSurfaceToolCallId('anthropic', OPENAI_NATIVE);
    expect(shown).toBe(`toolu_sy_${OPENAI_NATIVE}`);
    expect(fromSurfaceToolCallId('anthropic', shown)).toBe(OPENAI_NATIVE);
  });

  it('shows an Anthropic id as call_ on the OpenAI surface and gives it back', () => {
    const shown = toSurfaceToolCallId('openai', ANTHROPIC_NATIVE);
    expect(shown).toBe(`call_sy_${ANTHROPIC_NATIVE}`);
    expect(fromSurfaceToolCallId('openai', shown)).toBe(ANTHROPIC_NATIVE);
  });

  it.each<[ToolCallIdSurface, string]>([
    ['anthropic', ANTHROPIC_NATIVE],
    ['openai', OPENAI_NATIVE],
  ])('passes ids already in the %s format through both ways', (surface, id) => {
    expect(toSurfaceToolCallId(surface, id)).toBe(id);
    expect(fromSurfaceToolCallId(surface, id)).toBe(id);
  });

  it('keeps an empty id empty (stream deltas after the first carry none)', () => {
    expect(toSurfaceToolCallId('anthropic', '')).toBe('');
    expect(fromSurfaceToolCallId('anthropic', '')).toBe('');
  });

  it.each(['functions.Bash:0', 'call 1/2', 'ünïcødé-id', 'a+b=c', 'x'.repeat(300), 'tooluse_AbC-123', '42'])(
    'round-trips %s on both surfaces and the Anthropic surface id fits its charset',
    (id) => {
      for (const surface of ['anthropic', 'openai'] as const) {
        const shown = toSurfaceToolCallId(surface, id);
        expect(shown).toMatch(ANTHROPIC_ID);
        expect(shown.startsWith(surface === 'anthropic' ? 'toolu_' : 'call_')).toBe(true);
        expect(fromSurfaceToolCallId(surface, shown)).toBe(id);
      }
    },
  );

  it('is deterministic, so the same provider id maps the same way on every turn', () => {
    expect(toSurfaceToolCallId('anthropic', 'functions.Bash:0')).toBe(toSurfaceToolCallId('anthropic', 'functions.Bash:0'));
  });

  it('encodes a native id that happens to start with a marker, so it still comes back exactly', () => {
    for (const id of ['toolu_sy_abc', 'toolu_sy64_YWJj']) {
      const shown = toSurfaceToolCallId('anthropic', id);
      expect(shown).not.toBe(id);
      expect(fromSurfaceToolCallId('anthropic', shown)).toBe(id);
    }
  });

  it('passes ids the encoder could not have produced through unchanged', () => {
    for (const id of ['toolu_sy_', 'toolu_sy_toolu_abc', 'toolu_sy64_', 'toolu_sy64_YWJj', 'toolu_sy64_!!!', 'toolu_1', 'my-own-id']) {
      expect(fromSurfaceToolCallId('anthropic', id)).toBe(id);
    }
  });

  it("keeps providers' real ids within the other surface's length limits", () => {
    // OpenAI accepts tool_call ids of up to 40 characters; Anthropic ids stay well below its practical 64.
    expect(toSurfaceToolCallId('openai', ANTHROPIC_NATIVE).length).toBeLessThanOrEqual(40);
    expect(toSurfaceToolCallId('anthropic', OPENAI_NATIVE).length).toBeLessThanOrEqual(64);
    // Overhead is bounded: the prefix and a marker, or base64's 4/3.
    const odd = 'a.b'.repeat(20);
    expect(toSurfaceToolCallId('anthropic', odd).length).toBeLessThanOrEqual('toolu_sy64_'.length + Math.ceil((odd.length * 4) / 3));
  });
});
