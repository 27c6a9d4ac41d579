import { ApiError } from '@switchyard/api-errors';
import { ImageResponse } from '@switchyard/contracts';
import { parseImageRequest } from './parse-image-request';
import { renderImages } from './render-image-response';

const refusal = (body: unknown): ApiError => {
  try {
    parseImageRequest(body);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('image generation requests', () => {
  it('reads an OpenAI body, with OpenAI defaults', () => {
    expect(parseImageRequest({ prompt: 'a fox' })).toMatchObject({ model: 'dall-e-2', prompt: 'a fox', n: 1, size: '' });
    expect(
      parseImageRequest({
        model: 'dall-e-3',
        prompt: 'a fox',
        n: 1,
        size: '1024x1792',
        quality: 'hd',
        response_format: 'b64_json',
        style: 'natural',
        user: 'u',
      }),
    ).toMatchObject({ size: '1024x1792', quality: 'hd', responseFormat: 'b64_json', style: 'natural', endUser: 'u' });
  });

  it('refuses what no image model takes, naming the parameter', () => {
    expect(refusal({ model: 'dall-e-3' })).toMatchObject({ status: 400, param: 'prompt', code: 'missing_required_parameter' });
    expect(refusal({ prompt: ' ' }).param).toBe('prompt');
    expect(refusal({ prompt: 'x', n: 0 }).param).toBe('n');
    expect(refusal({ prompt: 'x', n: 11 }).param).toBe('n');
    expect(refusal({ prompt: 'x', n: 1.5 }).param).toBe('n');
    expect(refusal({ prompt: 'x', size: 'big' }).param).toBe('size');
    expect(refusal({ prompt: 'x', quality: 'ultra' }).param).toBe('quality');
    expect(refusal({ prompt: 'x', response_format: 'png' }).param).toBe('response_format');
    expect(refusal({ prompt: 'x', style: 'noir' }).param).toBe('style');
    expect(refusal({ prompt: 'x', mask: 'm' }).code).toBe('unknown_parameter');
  });

  it("renders OpenAI's image list, usage only where tokens were reported", () => {
    const response = ImageResponse.fromPartial({
      created: 9,
      data: [{ image: { $case: 'url', url: 'https://i/1.png' }, revisedPrompt: 'r' }, { image: { $case: 'b64Json', b64Json: 'AA==' } }],
    });
    expect(renderImages(response)).toEqual({ created: 9, data: [{ url: 'https://i/1.png', revised_prompt: 'r' }, { b64_json: 'AA==' }] });
    expect(renderImages(ImageResponse.fromPartial({ ...response, usage: { inputTokens: 3, outputTokens: 4 } })).usage).toEqual({
      input_tokens: 3,
      output_tokens: 4,
      total_tokens: 7,
    });
  });
});
