import { ErrorClass, ImageRequest, MeteredUnit } from '@switchyard/contracts';
import { imageMetered, imageRequestRejection } from './image-models';

const request = (fields: Partial<ImageRequest>) => ImageRequest.fromPartial({ model: 'pub', prompt: 'p', n: 1, ...fields });

describe('image models', () => {
  it('refuses a size, quality or count the model lacks, naming the parameter and the public model', () => {
    expect(imageRequestRejection(request({ size: '256x256' }), 'dall-e-3', 'pub')).toMatchObject({
      errorClass: ErrorClass.ERROR_CLASS_INVALID_REQUEST,
      param: 'size',
      message: expect.stringContaining("'pub'"),
    });
    expect(imageRequestRejection(request({ size: '1792x1024' }), 'dall-e-2', 'pub')?.param).toBe('size');
    expect(imageRequestRejection(request({ size: 'auto' }), 'gpt-image-1', 'pub')).toBeUndefined();
    expect(imageRequestRejection(request({ n: 2 }), 'dall-e-3', 'pub')?.param).toBe('n');
    expect(imageRequestRejection(request({ n: 10 }), 'dall-e-2', 'pub')).toBeUndefined();
    expect(imageRequestRejection(request({ quality: 'hd' }), 'gpt-image-1', 'pub')?.param).toBe('quality');
    expect(imageRequestRejection(request({ size: '9x9', n: 5 }), 'some-other-model', 'pub')).toBeUndefined();
  });

  it('takes Imagen native and OpenAI sizes up to 4 images, 2K only on Imagen 4 Standard and Ultra, and base64 only', () => {
    for (const size of ['1024x1024', '1408x768', '896x1280', '1792x1024', '1536x1024'])
      expect(imageRequestRejection(request({ size, n: 4 }), 'imagen-3.0-generate-002', 'pub')).toBeUndefined();
    expect(imageRequestRejection(request({ size: '2048x2048' }), 'imagen-4.0-generate-001', 'pub')).toBeUndefined();
    expect(imageRequestRejection(request({ size: '2816x1536' }), 'models/imagen-4.0-ultra-generate-001', 'pub')).toBeUndefined();
    expect(imageRequestRejection(request({ size: '2048x2048' }), 'imagen-4.0-fast-generate-001', 'pub')?.param).toBe('size');
    expect(imageRequestRejection(request({ size: '512x512' }), 'imagen-4.0-generate-001', 'pub')?.param).toBe('size');
    expect(imageRequestRejection(request({ size: 'auto' }), 'imagen-4.0-generate-001', 'pub')?.param).toBe('size');
    expect(imageRequestRejection(request({ n: 5 }), 'imagen-4.0-generate-001', 'pub')?.param).toBe('n');
    expect(imageRequestRejection(request({ quality: 'hd' }), 'imagen-4.0-generate-001', 'pub')?.param).toBe('quality');
    expect(imageRequestRejection(request({ responseFormat: 'url' }), 'imagen-4.0-generate-001', 'pub')).toMatchObject({
      param: 'response_format',
      message: expect.stringContaining("'b64_json'"),
    });
    expect(imageRequestRejection(request({ responseFormat: 'b64_json' }), 'imagen-4.0-generate-001', 'pub')).toBeUndefined();
    expect(imageRequestRejection(request({ responseFormat: 'url' }), 'dall-e-3', 'pub')).toBeUndefined();
  });

  it('meters images by the price table variant of each model', () => {
    expect(imageMetered(request({ size: '1024x1792', quality: 'hd' }), 'dall-e-3', 1)).toEqual({
      unit: MeteredUnit.METERED_UNIT_IMAGE,
      quantity: 1,
      variant: '1024x1792/hd',
    });
    expect(imageMetered(request({}), 'dall-e-3', 1).variant).toBe('1024x1024/standard');
    expect(imageMetered(request({ size: '512x512' }), 'dall-e-2', 2)).toMatchObject({ quantity: 2, variant: '512x512/standard' });
    expect(imageMetered(request({ size: '1024x1024', quality: 'auto' }), 'gpt-image-1', 1).variant).toBe('1024x1024/high');
    expect(imageMetered(request({ size: '1536x1024', quality: 'low' }), 'gpt-image-1', 1).variant).toBe('1536x1024/low');
    expect(imageMetered(request({}), 'imagen-4.0-fast-generate-001', 3)).toMatchObject({ quantity: 3, variant: '1024x1024/standard' });
    expect(imageMetered(request({ size: '1792x1024' }), 'models/imagen-3.0-generate-002', 1).variant).toBe('1792x1024/standard');
  });
});
