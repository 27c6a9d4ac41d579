import { DeploymentTarget, ErrorInfo, GeneratedImage, ImageRequest, ImageResponse, Usage } from '@switchyard/contracts';
import { malformedResponse } from '../../mapping/malformed-response';
import type { Mapped, UpstreamCredential, UpstreamHeaders, UpstreamRequest } from '../../provider-adapter';
import { parseJson } from '../../wire/headers';
import { openAiHeaders, openAiUrl } from './api';
import { openAiError } from './errors';

interface WireImage {
  url?: string;
  b64_json?: string;
  revised_prompt?: string;
}

interface WireImages {
  created?: number;
  data?: WireImage[];
  usage?: { input_tokens?: number; output_tokens?: number };
}

/** OpenAI's generation body; gpt-image models always answer base64 and refuse response_format and style. */
export function openAiImageBody(upstreamModel: string, request: ImageRequest): Record<string, unknown> {
  const gptImage = upstreamModel.startsWith('gpt-image');
  const body: Record<string, unknown> = { model: upstreamModel, prompt: request.prompt };
  if (request.n > 0) body['n'] = request.n;
  if (request.size) body['size'] = request.size;
  if (request.quality) body['quality'] = request.quality;
  if (request.responseFormat && !gptImage) body['response_format'] = request.responseFormat;
  if (request.style && !gptImage) body['style'] = request.style;
  if (request.endUser) body['user'] = request.endUser;
  return body;
}

export function openAiImageRequest(target: DeploymentTarget, request: ImageRequest, credential: UpstreamCredential): UpstreamRequest {
  return {
    url: openAiUrl(target, '/images/generations'),
    method: 'POST',
    headers: openAiHeaders(target, credential, false),
    body: JSON.stringify(openAiImageBody(target.upstreamModel, request)),
  };
}

function image(wire: WireImage): GeneratedImage {
  return GeneratedImage.fromPartial({
    image: wire.b64_json !== undefined ? { $case: 'b64Json', b64Json: wire.b64_json } : { $case: 'url', url: wire.url ?? '' },
    revisedPrompt: wire.revised_prompt ?? '',
  });
}

/** Tokens where the provider reports them (gpt-image-1); the images themselves are metered when the attempt settles. */
export function openAiImageResponse(status: number, headers: UpstreamHeaders, body: Buffer): Mapped<ImageResponse> {
  if (status < 200 || status >= 300) return { ok: false, error: openAiError(status, headers, body) };
  const wire = parseJson(body) as WireImages | undefined;
  if (!wire || !Array.isArray(wire.data)) return { ok: false, error: malformedResponse(status, 'an image list') };
  const usage = wire.usage
    ? Usage.fromPartial({ inputTokens: wire.usage.input_tokens ?? 0, outputTokens: wire.usage.output_tokens ?? 0 })
    : undefined;
  return {
    ok: true,
    value: ImageResponse.fromPartial({ created: wire.created ?? Math.floor(Date.now() / 1000), data: wire.data.map(image), usage }),
  };
}

/** Images of a family that speaks OpenAI's body at its own address with its own errors (Azure OpenAI). */
export function openAiImagesAt(
  address: (target: DeploymentTarget, credential: UpstreamCredential) => Pick<UpstreamRequest, 'url' | 'headers'>,
  error: (status: number, headers: UpstreamHeaders, body: Buffer) => ErrorInfo,
): {
  request: (target: DeploymentTarget, request: ImageRequest, credential: UpstreamCredential) => UpstreamRequest;
  response: (status: number, headers: UpstreamHeaders, body: Buffer) => Mapped<ImageResponse>;
} {
  return {
    request: (target, request, credential) => ({ ...openAiImageRequest(target, request, credential), ...address(target, credential) }),
    response: (status, headers, body) =>
      status < 200 || status >= 300 ? { ok: false, error: error(status, headers, body) } : openAiImageResponse(status, headers, body),
  };
}
