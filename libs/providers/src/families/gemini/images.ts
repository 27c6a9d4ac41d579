import { DeploymentTarget, ErrorClass, ErrorInfo, GeneratedImage, ImageRequest, ImageResponse } from '@switchyard/contracts';
import { malformedResponse } from '../../mapping/malformed-response';
import type { Mapped, UpstreamCredential, UpstreamHeaders, UpstreamRequest } from '../../provider-adapter';
import { parseJson } from '../../wire/headers';
import { geminiHeaders, geminiUrl } from './api';
import { geminiError } from './errors';

/** The aspect ratios Imagen draws, as width / height. */
const IMAGEN_RATIOS: readonly (readonly [string, number])[] = [
  ['1:1', 1],
  ['3:4', 3 / 4],
  ['4:3', 4 / 3],
  ['9:16', 9 / 16],
  ['16:9', 16 / 9],
];

/** Imagen 4 Standard and Ultra draw 2K when asked; every side Imagen draws at 1K is under this. */
const TWO_K_LONG_SIDE = 2048;

function dimensions(size: string): [number, number] | undefined {
  const match = /^(\d+)x(\d+)$/.exec(size);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/**
 * The Imagen ratio nearest to an OpenAI `WIDTHxHEIGHT` (by how many times
 * wider or taller, so 1536x1024 is 4:3, 1792x1024 16:9); 1:1 for none or `auto`.
 */
export function imagenAspectRatio(size: string): string {
  const wh = dimensions(size);
  if (!wh || wh[0] <= 0 || wh[1] <= 0) return '1:1';
  const ratio = Math.log(wh[0] / wh[1]);
  let best = IMAGEN_RATIOS[0]!;
  for (const candidate of IMAGEN_RATIOS)
    if (Math.abs(Math.log(candidate[1]) - ratio) < Math.abs(Math.log(best[1]) - ratio)) best = candidate;
  return best[0];
}

/** `2K` for Imagen's 2K sizes; undefined (Imagen's default, 1K) otherwise. */
export function imagenImageSize(size: string): '2K' | undefined {
  const wh = dimensions(size);
  return wh && Math.max(...wh) >= TWO_K_LONG_SIDE ? '2K' : undefined;
}

/**
 * models/{model}:predict. Imagen draws 4 images unless told, so sampleCount
 * is always sent. `personGeneration` comes from the deployment option
 * `person_generation` (Google's default when unset). `quality`, `style` and
 * `user` have no Imagen counterpart and are not sent.
 */
export function geminiImageBody(target: DeploymentTarget, request: ImageRequest): Record<string, unknown> {
  const parameters: Record<string, unknown> = {
    sampleCount: request.n > 0 ? request.n : 1,
    aspectRatio: imagenAspectRatio(request.size),
    // Filtered images then come back with the reason instead of silently missing.
    includeRaiReason: true,
  };
  const imageSize = imagenImageSize(request.size);
  if (imageSize) parameters['sampleImageSize'] = imageSize;
  const person = target.options['person_generation'];
  if (person) parameters['personGeneration'] = person;
  return { instances: [{ prompt: request.prompt }], parameters };
}

export function geminiImageRequest(target: DeploymentTarget, request: ImageRequest, credential: UpstreamCredential): UpstreamRequest {
  return {
    url: geminiUrl(target, 'predict'),
    method: 'POST',
    headers: geminiHeaders(credential, false),
    body: JSON.stringify(geminiImageBody(target, request)),
  };
}

interface WirePrediction {
  bytesBase64Encoded?: string;
  mimeType?: string;
  raiFilteredReason?: string;
}

/**
 * The images Imagen drew, base64 (it returns bytes, never URLs). Images its
 * safety filter removed are left out (and not billed: only images returned
 * are metered); when it removed every one, the answer is a content-filter
 * error naming Google's reason.
 */
export function geminiImageResponse(status: number, headers: UpstreamHeaders, body: Buffer): Mapped<ImageResponse> {
  if (status < 200 || status >= 300) return { ok: false, error: geminiError(status, headers, body) };
  const wire = parseJson(body) as { predictions?: WirePrediction[] } | undefined;
  if (!wire || typeof wire !== 'object' || (wire.predictions !== undefined && !Array.isArray(wire.predictions))) {
    return { ok: false, error: malformedResponse(status, 'a list of predictions') };
  }
  const predictions = wire.predictions ?? [];
  const drawn = predictions.filter((p) => typeof p.bytesBase64Encoded === 'string' && p.bytesBase64Encoded !== '');
  if (drawn.length === 0) {
    const reason = predictions.find((p) => p.raiFilteredReason)?.raiFilteredReason;
    return {
      ok: false,
      error: ErrorInfo.fromPartial({
        errorClass: ErrorClass.ERROR_CLASS_CONTENT_FILTER,
        message: reason
          ? `The provider's safety filter removed every image: ${reason}`
          : "The provider's safety filter removed every image.",
        upstreamStatus: status,
      }),
    };
  }
  return {
    ok: true,
    value: ImageResponse.fromPartial({
      created: Math.floor(Date.now() / 1000),
      data: drawn.map((p) => GeneratedImage.fromPartial({ image: { $case: 'b64Json', b64Json: p.bytesBase64Encoded ?? '' } })),
    }),
  };
}
