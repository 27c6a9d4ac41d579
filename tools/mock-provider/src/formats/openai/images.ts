import { isRecord } from '../../behaviour/config';
import { shortHash } from '../../behaviour/determinism';
import { MOCK_PNG } from '../../behaviour/mock-png';
import type { HttpReply } from '../../server/types';
import { INVALID_JSON_MESSAGE, invalidRequest } from './errors';
import { openaiHeaders, type OpenAIFlavour } from './headers';
import type { OpenAIParse } from './request';

/** The sizes each of OpenAI's image models draws, as OpenAI refuses the others. */
const SIZES: Readonly<Record<string, readonly string[]>> = {
  'dall-e-2': ['256x256', '512x512', '1024x1024'],
  'dall-e-3': ['1024x1024', '1792x1024', '1024x1792'],
  'gpt-image-1': ['1024x1024', '1536x1024', '1024x1536', 'auto'],
};

export interface OpenAIImageRequest {
  model: string;
  prompt: string;
  n: number;
  size: string;
  responseFormat: 'url' | 'b64_json';
}

export function parseImageRequest(body: unknown, invalidJson: boolean, azureDeployment?: string): OpenAIParse<OpenAIImageRequest> {
  if (invalidJson || !isRecord(body)) return { ok: false, error: invalidRequest(INVALID_JSON_MESSAGE) };
  const model = typeof body['model'] === 'string' && body['model'] ? body['model'] : (azureDeployment ?? 'dall-e-2');
  const prompt = body['prompt'];
  if (typeof prompt !== 'string' || prompt === '')
    return { ok: false, error: invalidRequest("Missing required parameter: 'prompt'.", 'prompt', 'missing_required_parameter') };
  const n = body['n'] ?? 1;
  const maxImages = model === 'dall-e-3' ? 1 : 10;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > maxImages)
    return { ok: false, error: invalidRequest(`Invalid 'n': integer between 1 and ${maxImages}.`, 'n', 'invalid_value') };
  const size = typeof body['size'] === 'string' ? body['size'] : model === 'gpt-image-1' ? 'auto' : '1024x1024';
  const sizes = SIZES[model];
  if (sizes && !sizes.includes(size))
    return {
      ok: false,
      error: invalidRequest(
        `Invalid value: '${size}'. Supported values are: ${sizes.map((s) => `'${s}'`).join(', ')}.`,
        'size',
        'invalid_value',
      ),
    };
  const format = body['response_format'];
  if (format !== undefined && format !== 'url' && format !== 'b64_json')
    return { ok: false, error: invalidRequest(`Invalid value: '${String(format)}'.`, 'response_format', 'invalid_value') };
  // gpt-image models always answer base64.
  const responseFormat = model.startsWith('gpt-image') ? 'b64_json' : (format ?? 'url');
  return { ok: true, markerText: prompt, value: { model, prompt, n, size, responseFormat } };
}

/**
 * OpenAI's image list: base64 PNGs, or URLs to them on this mock
 * (`origin`/images/<id>.png). dall-e-3 rewrites the prompt; gpt-image-1
 * reports tokens.
 */
export function imageReply(request: OpenAIImageRequest, flavour: OpenAIFlavour, origin: string): HttpReply {
  const data = Array.from({ length: request.n }, (_, i) => {
    const image: Record<string, string> =
      request.responseFormat === 'b64_json'
        ? { b64_json: MOCK_PNG.toString('base64') }
        : { url: `${origin}/images/${shortHash(`${request.prompt}#${i}`, 16)}.png` };
    if (request.model === 'dall-e-3') image['revised_prompt'] = `A detailed rendering of: ${request.prompt}`;
    return image;
  });
  const body: Record<string, unknown> = { created: Math.floor(Date.now() / 1000), data };
  if (request.model.startsWith('gpt-image')) {
    const input = Math.max(1, Math.ceil(request.prompt.length / 4));
    const output = 272 * request.n;
    body['usage'] = {
      input_tokens: input,
      output_tokens: output,
      total_tokens: input + output,
      input_tokens_details: { text_tokens: input, image_tokens: 0 },
    };
  }
  return { status: 200, headers: { 'content-type': 'application/json', ...openaiHeaders(flavour) }, body: JSON.stringify(body) };
}

/** A generated image's bytes, for the URLs imageReply hands out. */
export function imageFileReply(): HttpReply {
  return { status: 200, headers: { 'content-type': 'image/png' }, body: MOCK_PNG };
}
