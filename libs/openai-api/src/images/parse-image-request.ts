import { ImageRequest } from '@switchyard/contracts';
import { invalidValue, JsonReader } from '../validation/json-walker';

const KNOWN_FIELDS = new Set(['model', 'prompt', 'n', 'size', 'quality', 'response_format', 'style', 'user']);
/** OpenAI's default when the body names no model. */
export const DEFAULT_IMAGE_MODEL = 'dall-e-2';
export const IMAGE_MAX_COUNT = 10;
/** gpt-image-1's limit, the longest of OpenAI's image models. */
export const IMAGE_PROMPT_MAX_CHARS = 32_000;
// Every quality any OpenAI image model names; which one a model takes is checked with its deployment.
const QUALITIES = ['standard', 'hd', 'low', 'medium', 'high', 'xhigh', 'max', 'auto'];
const RESPONSE_FORMATS = ['url', 'b64_json'];
const STYLES = ['vivid', 'natural'];
const SIZE = /^(\d{2,5}x\d{2,5}|auto)$/;

function oneOf(r: JsonReader, name: string, values: readonly string[]): string {
  const value = r.optionalString(name);
  if (value === undefined) return '';
  if (!values.includes(value)) throw invalidValue(name, `'${value}'. Supported values are: ${values.map((v) => `'${v}'`).join(', ')}.`);
  return value;
}

/**
 * An OpenAI image generation body. What any image model would refuse is
 * refused here; what depends on the model (its sizes, qualities and image
 * count) is checked once the deployment is known.
 */
export function parseImageRequest(body: unknown): ImageRequest {
  const r = JsonReader.root(body);
  r.rejectUnknown(KNOWN_FIELDS);
  const model = r.optionalString('model') ?? DEFAULT_IMAGE_MODEL;
  if (model.trim() === '') throw invalidValue('model', 'must not be empty.');
  const prompt = r.requiredString('prompt');
  if (prompt.trim() === '') throw invalidValue('prompt', 'must not be empty.');
  if (prompt.length > IMAGE_PROMPT_MAX_CHARS) throw invalidValue('prompt', `at most ${IMAGE_PROMPT_MAX_CHARS} characters.`);
  const n = r.optionalInteger('n', 1, IMAGE_MAX_COUNT) ?? 1;
  const size = r.optionalString('size') ?? '';
  if (size && !SIZE.test(size)) throw invalidValue('size', `'${size}' is not a size: expected WIDTHxHEIGHT (e.g. '1024x1024') or 'auto'.`);
  return ImageRequest.fromPartial({
    model,
    prompt,
    n,
    size,
    quality: oneOf(r, 'quality', QUALITIES),
    responseFormat: oneOf(r, 'response_format', RESPONSE_FORMATS),
    style: oneOf(r, 'style', STYLES),
    endUser: r.optionalString('user') ?? '',
  });
}
