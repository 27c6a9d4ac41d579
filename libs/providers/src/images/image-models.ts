import { ErrorClass, ErrorInfo, MeteredQuantity, MeteredUnit } from '@switchyard/contracts';
import type { ImageRequest } from '@switchyard/contracts';

/** What one image model takes, and how its quality is named in the price table. */
export interface ImageModelSheet {
  readonly sizes: readonly string[];
  /** The size the provider draws when the request names none. */
  readonly defaultSize: string;
  readonly qualities: readonly string[];
  readonly maxImages: number;
  /** The quality the price table lists for what the caller asked (the provider's default when empty). */
  priceQuality(quality: string): string;
}

/**
 * OpenAI's image models, as OpenAI and Azure OpenAI serve them: the one
 * place that knows which sizes, qualities and counts each takes.
 */
export const IMAGE_MODELS: Readonly<Record<string, ImageModelSheet>> = {
  'dall-e-2': {
    sizes: ['256x256', '512x512', '1024x1024'],
    defaultSize: '1024x1024',
    qualities: ['standard'],
    maxImages: 10,
    priceQuality: () => 'standard',
  },
  'dall-e-3': {
    sizes: ['1024x1024', '1792x1024', '1024x1792'],
    defaultSize: '1024x1024',
    qualities: ['standard', 'hd'],
    maxImages: 1,
    priceQuality: (quality) => (quality === 'hd' ? 'hd' : 'standard'),
  },
  'gpt-image-1': {
    sizes: ['1024x1024', '1536x1024', '1024x1536', 'auto'],
    defaultSize: 'auto',
    qualities: ['low', 'medium', 'high', 'auto'],
    maxImages: 10,
    // OpenAI bills `auto` (and no quality) as high.
    priceQuality: (quality) => (quality === '' || quality === 'auto' ? 'high' : quality),
  },
};

export function imageModelSheet(upstreamModel: string): ImageModelSheet | undefined {
  return IMAGE_MODELS[upstreamModel];
}

const invalid = (param: string, message: string): ErrorInfo =>
  ErrorInfo.fromPartial({ errorClass: ErrorClass.ERROR_CLASS_INVALID_REQUEST, message, param });

/**
 * The caller's mistake for this model (a size, quality or image count it
 * lacks), or undefined. `publicModel` is the name the caller used. Models the
 * sheet does not know are left to the provider.
 */
export function imageRequestRejection(request: ImageRequest, upstreamModel: string, publicModel: string): ErrorInfo | undefined {
  const sheet = imageModelSheet(upstreamModel);
  if (!sheet) return undefined;
  const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
  if (request.size && !sheet.sizes.includes(request.size)) {
    return invalid('size', `'${request.size}' is not a size the model '${publicModel}' draws. Supported values are: ${list(sheet.sizes)}.`);
  }
  if (request.quality && !sheet.qualities.includes(request.quality)) {
    return invalid(
      'quality',
      `'${request.quality}' is not a quality of the model '${publicModel}'. Supported values are: ${list(sheet.qualities)}.`,
    );
  }
  if (request.n > sheet.maxImages) {
    return invalid(
      'n',
      `The model '${publicModel}' draws at most ${sheet.maxImages} image${sheet.maxImages === 1 ? '' : 's'} per request.`,
    );
  }
  return undefined;
}

/** What `count` images of this request are billed by: METERED_UNIT_IMAGE, variant "<size>/<quality>" as the price table keys it. */
export function imageMetered(request: ImageRequest, upstreamModel: string, count: number): MeteredQuantity {
  const sheet = imageModelSheet(upstreamModel);
  const size = request.size || sheet?.defaultSize || '1024x1024';
  const quality = sheet ? sheet.priceQuality(request.quality) : request.quality || 'standard';
  return MeteredQuantity.fromPartial({ unit: MeteredUnit.METERED_UNIT_IMAGE, quantity: count, variant: `${size}/${quality}` });
}
