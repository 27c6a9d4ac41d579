import { ApiError } from '@switchyard/api-errors';
import { EmbeddingsRequest } from '@switchyard/contracts';
import { EMBEDDINGS_DIMENSIONS_RANGE, EMBEDDINGS_MAX_INPUTS } from '../chat/chat-parameters';
import { invalidType, invalidValue, JsonReader } from '../validation/json-walker';

const KNOWN_FIELDS = new Set(['model', 'input', 'dimensions', 'encoding_format', 'user']);

export interface ParsedEmbeddingsRequest {
  request: EmbeddingsRequest;
  encodingFormat: 'float' | 'base64';
}

export function parseEmbeddingsRequest(body: unknown): ParsedEmbeddingsRequest {
  const r = JsonReader.root(body);
  r.rejectUnknown(KNOWN_FIELDS);
  const model = r.requiredString('model');
  const raw = r.raw('input');
  if (raw === undefined || raw === null)
    throw ApiError.invalidRequest("Missing required parameter: 'input'.", 'input', 'missing_required_parameter');
  let inputs: string[];
  if (typeof raw === 'string') inputs = [raw];
  else if (Array.isArray(raw) && raw.every((s) => typeof s === 'string')) inputs = raw as string[];
  else if (Array.isArray(raw) && raw.every((s) => typeof s === 'number' || Array.isArray(s))) {
    throw ApiError.invalidRequest(
      'Switchyard does not support token-array inputs for embeddings; send strings.',
      'input',
      'unsupported_parameter',
    );
  } else throw invalidType('input', 'a string or an array of strings', raw);
  if (inputs.length === 0) throw invalidValue('input', 'must not be empty.');
  if (inputs.length > EMBEDDINGS_MAX_INPUTS) throw invalidValue('input', `at most ${EMBEDDINGS_MAX_INPUTS} inputs per request.`);
  if (inputs.some((s) => s.length === 0)) throw invalidValue('input', 'inputs must not be empty strings.');
  const encoding = r.optionalString('encoding_format') ?? 'float';
  if (encoding !== 'float' && encoding !== 'base64')
    throw invalidValue('encoding_format', `'${encoding}'. Supported values are: 'float' and 'base64'.`);
  return {
    request: EmbeddingsRequest.fromPartial({
      model,
      inputs,
      dimensions: r.optionalInteger('dimensions', ...EMBEDDINGS_DIMENSIONS_RANGE),
      endUser: r.optionalString('user') ?? '',
    }),
    encodingFormat: encoding,
  };
}
