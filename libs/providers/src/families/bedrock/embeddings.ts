import { DeploymentTarget, EmbeddingsRequest, EmbeddingsResponse, ErrorClass, ErrorInfo, Usage } from '@switchyard/contracts';
import type { Mapped, UpstreamCredential, UpstreamHeaders, UpstreamRequest } from '../../provider-adapter';
import { header, parseJson } from '../../wire/headers';
import { bedrockRequest, bedrockUrl } from './api';
import { bedrockError } from './errors';

/** Bedrock embeds through InvokeModel in each model's own body: Cohere Embed (batches) and Amazon Titan Text Embeddings (one text). */
type EmbeddingModel = 'cohere' | 'titan-v2' | 'titan-v1';

const COHERE_MAX_TEXTS = 96;
const TITAN_V2_DIMENSIONS = [256, 512, 1024];

function embeddingModel(target: DeploymentTarget): EmbeddingModel | undefined {
  const id = target.upstreamModel;
  if (/(^|[.:/])cohere\.embed-/.test(id)) return 'cohere';
  if (id.includes('amazon.titan-embed-text-v2')) return 'titan-v2';
  if (id.includes('amazon.titan-embed-text-v1') || id.includes('amazon.titan-embed-g1-text')) return 'titan-v1';
  return undefined;
}

/** What this deployment's embedding model cannot take; undefined when it can. */
export function bedrockEmbeddingsUnsupported(request: EmbeddingsRequest, target: DeploymentTarget): string | undefined {
  const model = embeddingModel(target);
  if (!model) return 'embeddings with this model (on Bedrock: Cohere Embed and Amazon Titan Text Embeddings)';
  if (model === 'cohere') {
    if (request.inputs.length > COHERE_MAX_TEXTS) return `more than ${COHERE_MAX_TEXTS} inputs per request`;
    if (request.dimensions !== undefined) return 'the dimensions parameter';
    return undefined;
  }
  if (request.inputs.length > 1) return 'more than one input per request (Titan embeds one text per call)';
  if (request.dimensions !== undefined && (model === 'titan-v1' || !TITAN_V2_DIMENSIONS.includes(request.dimensions))) {
    return `dimensions ${request.dimensions} (Titan Text Embeddings V2 takes ${TITAN_V2_DIMENSIONS.join(', ')})`;
  }
  return undefined;
}

export function bedrockEmbeddingsRequest(
  target: DeploymentTarget,
  request: EmbeddingsRequest,
  credential: UpstreamCredential,
): UpstreamRequest {
  const body =
    embeddingModel(target) === 'cohere'
      ? { texts: request.inputs, input_type: target.options['input_type'] || 'search_document' }
      : { inputText: request.inputs[0] ?? '', ...(request.dimensions !== undefined ? { dimensions: request.dimensions } : {}) };
  return bedrockRequest(target, credential, bedrockUrl(target, 'invoke'), JSON.stringify(body), 'application/json');
}

interface WireEmbeddings {
  /** Titan */
  embedding?: number[];
  inputTextTokenCount?: number;
  /** Cohere: a list of vectors, or vectors by type when embedding_types was sent */
  embeddings?: number[][] | { float?: number[][] };
}

export function bedrockEmbeddingsResponse(status: number, headers: UpstreamHeaders, body: Buffer): Mapped<EmbeddingsResponse> {
  if (status < 200 || status >= 300) return { ok: false, error: bedrockError(status, headers, body) };
  const wire = parseJson(body) as WireEmbeddings | undefined;
  const vectors = wire?.embedding ? [wire.embedding] : Array.isArray(wire?.embeddings) ? wire.embeddings : wire?.embeddings?.float;
  if (!vectors) {
    return {
      ok: false,
      error: ErrorInfo.fromPartial({
        errorClass: ErrorClass.ERROR_CLASS_UPSTREAM_5XX,
        message: 'The provider sent a response that holds no embeddings.',
        upstreamStatus: status,
      }),
    };
  }
  // InvokeModel reports the input tokens in a header for every model; Titan repeats them in the body.
  const counted = Number(header(headers, 'x-amzn-bedrock-input-token-count') ?? wire?.inputTextTokenCount);
  return {
    ok: true,
    value: EmbeddingsResponse.fromPartial({
      model: '',
      data: vectors.map((values, index) => ({ index, values })),
      usage: Number.isFinite(counted) ? Usage.fromPartial({ inputTokens: counted }) : undefined,
    }),
  };
}
