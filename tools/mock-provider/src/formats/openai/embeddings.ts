import { isRecord } from '../../behaviour/config';
import { embeddingFor, float32Base64 } from '../../behaviour/embedding-vectors';
import { countTokens } from '../../behaviour/tokens';
import type { HttpReply } from '../../server/types';
import { INVALID_JSON_MESSAGE, invalidRequest } from './errors';
import { openaiHeaders, type OpenAIFlavour } from './headers';
import type { OpenAIParse } from './request';

export interface OpenAIEmbeddingRequest {
  model: string;
  inputs: string[];
  tokenCounts: number[];
  dimensions: number;
  encoding: 'float' | 'base64';
}

function defaultDimensions(model: string): number {
  return model.includes('3-large') ? 3072 : 1536;
}

export function parseEmbeddingRequest(body: unknown, invalidJson: boolean, fallbackModel?: string): OpenAIParse<OpenAIEmbeddingRequest> {
  if (invalidJson || !isRecord(body)) return { ok: false, error: invalidRequest(INVALID_JSON_MESSAGE) };
  const model = typeof body['model'] === 'string' && body['model'] ? body['model'] : fallbackModel;
  if (!model) return { ok: false, error: invalidRequest('you must provide a model parameter') };
  const input = body['input'];
  if (input === undefined)
    return { ok: false, error: invalidRequest("Missing required parameter: 'input'.", 'input', 'missing_required_parameter') };

  const raw: unknown[] =
    typeof input === 'string' || (Array.isArray(input) && typeof input[0] === 'number') ? [input] : Array.isArray(input) ? input : [input];
  const inputs: string[] = [];
  const tokenCounts: number[] = [];
  for (const item of raw) {
    if (typeof item === 'string' && item.length > 0) {
      inputs.push(item);
      tokenCounts.push(countTokens(item));
    } else if (Array.isArray(item) && item.length > 0 && item.every((t) => Number.isInteger(t))) {
      inputs.push(item.join(' '));
      tokenCounts.push(item.length);
    } else {
      return {
        ok: false,
        error: invalidRequest("'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference."),
      };
    }
  }

  const dims = body['dimensions'];
  if (dims !== undefined && (typeof dims !== 'number' || !Number.isInteger(dims) || dims < 1)) {
    return {
      ok: false,
      error: invalidRequest(
        `Invalid 'dimensions': integer below minimum value. Expected a value >= 1, but got ${String(dims)} instead.`,
        'dimensions',
        'integer_below_min_value',
      ),
    };
  }
  if (dims !== undefined && model.includes('ada-002')) {
    return { ok: false, error: invalidRequest('This model does not support specifying dimensions.', null, null) };
  }
  const encoding = body['encoding_format'] ?? 'float';
  if (encoding !== 'float' && encoding !== 'base64') {
    return {
      ok: false,
      error: invalidRequest(
        `Invalid value: '${String(encoding)}'. Supported values are: 'float' and 'base64'.`,
        'encoding_format',
        'invalid_value',
      ),
    };
  }
  return {
    ok: true,
    markerText: inputs[inputs.length - 1] ?? '',
    value: { model, inputs, tokenCounts, dimensions: typeof dims === 'number' ? dims : defaultDimensions(model), encoding },
  };
}

export function embeddingReply(request: OpenAIEmbeddingRequest, flavour: OpenAIFlavour): HttpReply {
  const promptTokens = request.tokenCounts.reduce((a, b) => a + b, 0);
  const data = request.inputs.map((text, index) => {
    const vector = embeddingFor(text, request.dimensions);
    return { object: 'embedding', index, embedding: request.encoding === 'base64' ? float32Base64(vector) : vector };
  });
  return {
    status: 200,
    headers: { 'content-type': 'application/json', ...openaiHeaders(flavour) },
    body: JSON.stringify({
      object: 'list',
      data,
      model: request.model,
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
    }),
  };
}
