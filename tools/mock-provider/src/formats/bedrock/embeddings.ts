import { isRecord } from '../../behaviour/config';
import { embeddingFor } from '../../behaviour/embedding-vectors';
import { countTokens } from '../../behaviour/tokens';
import type { HttpReply } from '../../server/types';
import { bedrockHeaders, validation, type BedrockException } from './errors';

/** InvokeModel bodies of the embedding models: Cohere Embed (texts[], up to 96) and Titan Text Embeddings (one inputText). */
export type BedrockEmbedRequest = { kind: 'cohere'; texts: string[] } | { kind: 'titan'; text: string; dimensions: number };

export type BedrockEmbedParse = { ok: true; value: BedrockEmbedRequest; markerText: string } | { ok: false; error: BedrockException };

const COHERE_INPUT_TYPES = ['search_document', 'search_query', 'classification', 'clustering'];
const COHERE_DIMENSIONS = 1024;

export function parseEmbedRequest(body: unknown, invalidJson: boolean, modelId: string): BedrockEmbedParse {
  if (invalidJson || !isRecord(body))
    return { ok: false, error: validation('Malformed input request, please reformat your input and try again.') };
  if (modelId.includes('cohere.embed-')) {
    const texts = body['texts'];
    if (!Array.isArray(texts) || !texts.every((t) => typeof t === 'string'))
      return {
        ok: false,
        error: validation('Malformed input request: #: required key [texts] not found, please reformat your input and try again.'),
      };
    if (texts.length > 96)
      return {
        ok: false,
        error: validation(
          'Malformed input request: #/texts: expected maximum item count: 96, found: ' +
            texts.length +
            ', please reformat your input and try again.',
        ),
      };
    if (!COHERE_INPUT_TYPES.includes(String(body['input_type'])))
      return {
        ok: false,
        error: validation('Malformed input request: #: required key [input_type] not found, please reformat your input and try again.'),
      };
    return { ok: true, value: { kind: 'cohere', texts }, markerText: texts[texts.length - 1] ?? '' };
  }
  if (modelId.includes('amazon.titan-embed-text')) {
    const text = body['inputText'];
    if (typeof text !== 'string')
      return {
        ok: false,
        error: validation('Malformed input request: #: required key [inputText] not found, please reformat your input and try again.'),
      };
    const dimensions = body['dimensions'] ?? 1024;
    if (![256, 512, 1024].includes(Number(dimensions)))
      return {
        ok: false,
        error: validation(
          'Malformed input request: #/dimensions: ' +
            String(dimensions) +
            ' is not a valid enum value, please reformat your input and try again.',
        ),
      };
    return { ok: true, value: { kind: 'titan', text, dimensions: Number(dimensions) }, markerText: text };
  }
  return { ok: false, error: validation('The provided model identifier is invalid.') };
}

/** Token counts travel in X-Amzn-Bedrock-Input-Token-Count, as on every InvokeModel answer. */
export function embedReply(request: BedrockEmbedRequest): HttpReply {
  const texts = request.kind === 'cohere' ? request.texts : [request.text];
  const inputTokens = texts.reduce((sum, t) => sum + countTokens(t), 0);
  const body =
    request.kind === 'cohere'
      ? {
          id: `emb-${inputTokens}`,
          texts,
          embeddings: texts.map((t) => embeddingFor(t, COHERE_DIMENSIONS)),
          response_type: 'embeddings_floats',
        }
      : { embedding: embeddingFor(request.text, request.dimensions), inputTextTokenCount: inputTokens };
  return {
    status: 200,
    headers: {
      'content-type': 'application/json',
      'x-amzn-bedrock-input-token-count': String(inputTokens),
      'x-amzn-bedrock-output-token-count': '0',
      ...bedrockHeaders(),
    },
    body: JSON.stringify(body),
  };
}
