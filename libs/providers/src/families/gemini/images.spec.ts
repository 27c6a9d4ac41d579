import { ErrorClass, ImageRequest } from '@switchyard/contracts';
import { bodyOf, credential, target } from '../../test-support/fixtures';
import { imagenAspectRatio, imagenImageSize } from './images';
import { geminiFamily } from './index';

const t = target('gemini', { upstreamModel: 'imagen-4.0-generate-001', baseUrl: 'https://generativelanguage.googleapis.com/v1beta/' });
const request = (fields: Partial<ImageRequest>) => ImageRequest.fromPartial({ model: 'pub', prompt: 'a fox', n: 1, ...fields });
const answer = (status: number, json: unknown) => geminiFamily.imageResponse!(status, {}, Buffer.from(JSON.stringify(json)));

describe('gemini image generation (Imagen)', () => {
  it('maps an OpenAI size to the nearest Imagen ratio, and 2K sizes to sampleImageSize', () => {
    expect(['', 'auto', '1024x1024', '2048x2048'].map(imagenAspectRatio)).toEqual(['1:1', '1:1', '1:1', '1:1']);
    expect(['1792x1024', '1408x768', '2816x1536'].map(imagenAspectRatio)).toEqual(['16:9', '16:9', '16:9']);
    expect(['1024x1792', '768x1408'].map(imagenAspectRatio)).toEqual(['9:16', '9:16']);
    // 1.5 is nearer 4/3 than 16/9.
    expect(['1536x1024', '1280x896', '1024x1536', '896x1280'].map(imagenAspectRatio)).toEqual(['4:3', '4:3', '3:4', '3:4']);
    expect(['1792x2560', '2816x1536'].map(imagenImageSize)).toEqual(['2K', '2K']);
    expect(['1024x1024', '1792x1024', '1408x768', ''].map(imagenImageSize)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('posts instances and parameters to models/{model}:predict with the key in a header', () => {
    const upstream = geminiFamily.imageRequest!(t, request({ n: 3, size: '1792x1024', quality: 'standard', style: 'vivid' }), credential);
    expect(upstream.url).toBe('https://generativelanguage.googleapis.com/v1beta/models/imagen-4.0-generate-001:predict');
    expect(upstream.headers['x-goog-api-key']).toBe('sk-test');
    expect(bodyOf(upstream)).toEqual({
      instances: [{ prompt: 'a fox' }],
      parameters: { sampleCount: 3, aspectRatio: '16:9', includeRaiReason: true },
    });
    const large = { ...t, options: { person_generation: 'dont_allow' } };
    expect(bodyOf(geminiFamily.imageRequest!(large, request({ size: '2048x2048' }), credential))['parameters']).toEqual({
      sampleCount: 1,
      aspectRatio: '1:1',
      includeRaiReason: true,
      sampleImageSize: '2K',
      personGeneration: 'dont_allow',
    });
  });

  it('answers the drawn images as base64, leaving out the filtered ones', () => {
    const mapped = answer(200, {
      predictions: [
        { bytesBase64Encoded: 'iVBORw0KGgo=', mimeType: 'image/png' },
        { raiFilteredReason: 'filtered for safety' },
        { bytesBase64Encoded: 'iVBORw0KGgp=', mimeType: 'image/png' },
      ],
    });
    if (!mapped.ok) throw new Error(mapped.error.message);
    expect(mapped.value.data.map((d) => d.image)).toEqual([
      { $case: 'b64Json', b64Json: 'iVBORw0KGgo=' },
      { $case: 'b64Json', b64Json: 'iVBORw0KGgp=' },
    ]);
    expect(mapped.value.created).toBeGreaterThan(0);
  });

  it('is a content-filter error when every image was filtered, and maps Google errors and malformed bodies', () => {
    expect(answer(200, { predictions: [{ raiFilteredReason: 'It contains people.' }] })).toMatchObject({
      ok: false,
      error: { errorClass: ErrorClass.ERROR_CLASS_CONTENT_FILTER, message: expect.stringContaining('It contains people.') },
    });
    expect(answer(200, {})).toMatchObject({ ok: false, error: { errorClass: ErrorClass.ERROR_CLASS_CONTENT_FILTER } });
    expect(answer(200, { predictions: 'nope' })).toMatchObject({ ok: false, error: { errorClass: ErrorClass.ERROR_CLASS_UPSTREAM_5XX } });
    expect(answer(400, { error: { code: 400, message: 'bad sampleCount', status: 'INVALID_ARGUMENT' } })).toMatchObject({
      ok: false,
      error: { errorClass: ErrorClass.ERROR_CLASS_INVALID_REQUEST, message: 'bad sampleCount', upstreamStatus: 400 },
    });
  });
});
