import { isRecord } from '../../behaviour/config';
import { embeddingFor } from '../../behaviour/embedding-vectors';
import { countTokens } from '../../behaviour/tokens';
import type { HttpReply } from '../../server/types';
import type { OllamaParse } from './request';

export interface OllamaEmbedRequest {
  model: string;
  inputs: string[];
  dimensions: number;
}

function defaultDimensions(model: string): number {
  if (model.includes('minilm')) return 384;
  if (model.includes('mxbai')) return 1024;
  return 768;
}

export function parseEmbedRequest(body: unknown, invalidJson: boolean): OllamaParse<OllamaEmbedRequest> {
  if (invalidJson || !isRecord(body)) return { ok: false, status: 400, error: 'invalid character in request body' };
  const model = body['model'];
  if (typeof model !== 'string' || !model) return { ok: false, status: 400, error: 'model is required' };
  const input = body['input'];
  const inputs = typeof input === 'string' ? [input] : Array.isArray(input) ? input : [];
  if (!inputs.every((i): i is string => typeof i === 'string')) return { ok: false, status: 400, error: 'invalid input type' };
  const dims = body['dimensions'];
  return {
    ok: true,
    markerText: inputs[inputs.length - 1] ?? '',
    value: { model, inputs, dimensions: typeof dims === 'number' && dims > 0 ? dims : defaultDimensions(model) },
  };
}

export function embedReply(request: OllamaEmbedRequest, startedAt: number): HttpReply {
  const total = Math.max(1, Date.now() - startedAt) * 1_000_000;
  const body = {
    model: request.model,
    embeddings: request.inputs.map((text) => embeddingFor(text, request.dimensions)),
    total_duration: total,
    load_duration: Math.floor(total * 0.1),
    prompt_eval_count: request.inputs.reduce((sum, text) => sum + countTokens(text), 0),
  };
  return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
}
