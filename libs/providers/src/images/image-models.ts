import { ErrorClass, ErrorInfo, MeteredQuantity, MeteredUnit } from '@switchyard/contracts';
import type { ImageRequest } from '@switchyard/contracts';

/** What one image model takes, and how its quality is named in the price table. */
export interface ImageModelSheet {
  readonly sizes: readonly string[];
  /** The size the provider draws when the request names none. */
  readonly defaultSize: string;
  readonly qualities: readonly string[];
  readonly maxImages: number;
  /** The `response_format`s it can answer with (Imagen returns image bytes only, never a URL). */
  readonly responseFormats: readonly string[];
  /** The quality the price table lists for what the caller asked (the provider's default when empty). */
  priceQuality(quality: string): string;
}

const URL_OR_B64 = ['url', 'b64_json'];

/** What Imagen draws at 1K and (Imagen 4 Standard and Ultra) 2K, one size per aspect ratio it has. */
const IMAGEN_1K = ['1024x1024', '896x1280', '1280x896', '768x1408', '1408x768'];
const IMAGEN_2K = ['2048x2048', '1792x2560', '2560x1792', '1536x2816', '2816x1536'];
/** OpenAI's non-square sizes, so a client written for dall-e-3 or gpt-image-1 works: drawn at the nearest ratio Imagen has. */
const OPENAI_SIZES_ON_IMAGEN = ['1792x1024', '1024x1792', '1536x1024', '1024x1536'];

/** Google's Imagen through the Gemini API: up to 4 images, base64 only, one price per image whatever the size. */
function imagen(sizes: readonly string[]): ImageModelSheet {
  return {
    sizes,
    defaultSize: '1024x1024',
    qualities: ['standard'],
    maxImages: 4,
    responseFormats: ['b64_json'],
    priceQuality: () => 'standard',
  };
}

/**
 * The image models Switchyard knows: OpenAI's, as OpenAI and Azure OpenAI
 * serve them, and Imagen on the Gemini API. The one place that knows which
 * sizes, qualities, counts and answer formats each takes.
 */
export const IMAGE_MODELS: Readonly<Record<string, ImageModelSheet>> = {
  'dall-e-2': {
    sizes: ['256x256', '512x512', '1024x1024'],
    defaultSize: '1024x1024',
    qualities: ['standard'],
    maxImages: 10,
    responseFormats: URL_OR_B64,
    priceQuality: () => 'standard',
  },
  'dall-e-3': {
    sizes: ['1024x1024', '1792x1024', '1024x1792'],
    defaultSize: '1024x1024',
    qualities: ['standard', 'hd'],
    maxImages: 1,
    responseFormats: URL_OR_B64,
    priceQuality: (quality) => (quality === 'hd' ? 'hd' : 'standard'),
  },
  'gpt-image-1': {
    sizes: ['1024x1024', '1536x1024', '1024x1536', 'auto'],
    defaultSize: 'auto',
    qualities: ['low', 'medium', 'high', 'auto'],
    maxImages: 10,
    // Either is taken; gpt-image-1 answers base64 whatever was asked (response_format is not sent to it).
    responseFormats: URL_OR_B64,
    // OpenAI bills `auto` (and no quality) as high.
    priceQuality: (quality) => (quality === '' || quality === 'auto' ? 'high' : quality),
  },
  'imagen-3.0-generate-002': imagen([...IMAGEN_1K, ...OPENAI_SIZES_ON_IMAGEN]),
  'imagen-4.0-generate-001': imagen([...IMAGEN_1K, ...IMAGEN_2K, ...OPENAI_SIZES_ON_IMAGEN]),
  'imagen-4.0-ultra-generate-001': imagen([...IMAGEN_1K, ...IMAGEN_2K, ...OPENAI_SIZES_ON_IMAGEN]),
  'imagen-4.0-fast-generate-001': imagen([...IMAGEN_1K, ...OPENAI_SIZES_ON_IMAGEN]),
};

/** The sheet of an upstream model (Gemini's `models/` prefix is not part of the name). */
export function imageModelSheet(upstreamModel: string): ImageModelSheet | undefined {
  return IMAGE_MODELS[upstreamModel.replace(/^models\//, '')];
}

const invalid = (param: string, message: string): ErrorInfo =>
  ErrorInfo.fromPartial({ errorClass: ErrorClass.ERROR_CLASS_INVALID_REQUEST, message, param });

/**
 * The caller's mistake for this model (a size, quality, image count or
 * response format it lacks), or undefined. `publicModel` is the name the caller used. Models the
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
  if (request.responseFormat && !sheet.responseFormats.includes(request.responseFormat)) {
    return invalid(
      'response_format',
      `The model '${publicModel}' cannot answer with '${request.responseFormat}'. Supported values are: ${list(sheet.responseFormats)}.`,
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
