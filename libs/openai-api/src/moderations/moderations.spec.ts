import { ModerationRequest, ModerationResponse } from '@switchyard/contracts';
import { checkModerationRequest, DEFAULT_MODERATION_MODEL, parseModerationRequest } from './parse-moderation-request';
import { renderModeration } from './render-moderation-response';

const parts = (body: unknown) => parseModerationRequest(body).request.inputs.map((i) => i.parts.map((p) => p.part));

describe('moderation request', () => {
  it('reads a string, a string list and a multimodal array as one, several and one input', () => {
    expect(parts({ input: 'hi' })).toEqual([[{ $case: 'text', text: 'hi' }]]);
    expect(parts({ input: ['a', 'b'] })).toHaveLength(2);
    const multimodal = parts({
      input: [
        { type: 'text', text: 'look' },
        { type: 'image_url', image_url: { url: 'https://x.test/a.png' } },
      ],
    });
    expect(multimodal).toEqual([
      [
        { $case: 'text', text: 'look' },
        { $case: 'imageUrl', imageUrl: 'https://x.test/a.png' },
      ],
    ]);
  });

  it("defaults the model to OpenAI's own default", () => {
    expect(parseModerationRequest({ input: 'x' }).request.model).toBe(DEFAULT_MODERATION_MODEL);
    expect(parseModerationRequest({ input: 'x', model: 'text-moderation-latest' }).request.model).toBe('text-moderation-latest');
  });

  it('holds a unified (gRPC) request to the REST rules: default model, inputs present and non-empty', () => {
    const text = (t: string) => ({ parts: [{ part: { $case: 'text' as const, text: t } }] });
    expect(checkModerationRequest(ModerationRequest.fromPartial({ inputs: [text('x')] })).model).toBe(DEFAULT_MODERATION_MODEL);
    expect(checkModerationRequest(ModerationRequest.fromPartial({ model: 'm', inputs: [text('x')] })).model).toBe('m');
    expect(() => checkModerationRequest(ModerationRequest.fromPartial({}))).toThrow(
      expect.objectContaining({ status: 400, param: 'input' }),
    );
    expect(() => checkModerationRequest(ModerationRequest.fromPartial({ inputs: [text('')] }))).toThrow(
      expect.objectContaining({ status: 400 }),
    );
    expect(() => checkModerationRequest(ModerationRequest.fromPartial({ inputs: [{ parts: [] }] }))).toThrow(
      expect.objectContaining({ status: 400 }),
    );
  });

  it.each([
    [{}, 'input'],
    [{ input: 42 }, 'input'],
    [{ input: [] }, 'input'],
    [{ input: [''] }, 'input'],
    [{ input: 'x', extra: 1 }, 'extra'],
    [{ input: [{ type: 'video' }] }, 'input[0].type'],
    [{ input: [{ type: 'image_url', image_url: { url: 'ftp://x' } }] }, 'input[0].image_url.url'],
  ])('refuses %j naming %s', (body, param) => {
    expect(() => parseModerationRequest(body)).toThrow(expect.objectContaining({ status: 400, param }));
  });
});

describe('moderation response', () => {
  it("renders each category's flag, score and input types under the provider's names", () => {
    const response = ModerationResponse.fromPartial({
      id: '',
      model: 'omni-moderation-latest',
      results: [{ flagged: true, categories: [{ name: 'violence', flagged: true, score: 0.9, appliedInputTypes: ['text', 'image'] }] }],
    });
    expect(renderModeration(response, 'modr-req1')).toEqual({
      id: 'modr-req1',
      model: 'omni-moderation-latest',
      results: [
        {
          flagged: true,
          categories: { violence: true },
          category_scores: { violence: 0.9 },
          category_applied_input_types: { violence: ['text', 'image'] },
        },
      ],
    });
  });
});
