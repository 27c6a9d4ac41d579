import { isRecord } from '../../behaviour/config';
import { embeddingFor } from '../../behaviour/embedding-vectors';
import type { HttpReply } from '../../server/types';
import { invalidArgument, type GoogleRpcError } from './errors';
import { googlePrettyJson } from './json';
import { scanParts } from './request';

export interface GeminiEmbedRequest {
  batch: boolean;
  items: { text: string; dimensions: number }[];
}

export type GeminiEmbedParse = { ok: true; value: GeminiEmbedRequest; markerText: string } | { ok: false; error: GoogleRpcError };

function defaultDimensions(model: string): number {
  return model.startsWith('gemini-embedding') ? 3072 : 768;
}

function parseOne(request: unknown, path: string, model: string): { text: string; dimensions: number } | string {
  if (!isRecord(request) || !isRecord(request['content'])) return `* ${path}.content: content is not specified`;
  const scan = scanParts(request['content']['parts'], `${path}.content`);
  if (typeof scan === 'string') return scan;
  if (!scan.text) return `* ${path}.content.parts: contents must not be empty`;
  const dims = request['outputDimensionality'];
  if (dims !== undefined && (typeof dims !== 'number' || !Number.isInteger(dims) || dims < 1)) {
    return `* ${path}.output_dimensionality: must be a positive integer`;
  }
  return { text: scan.text, dimensions: typeof dims === 'number' ? dims : defaultDimensions(model) };
}

export function parseEmbedRequest(body: unknown, invalidJson: boolean, model: string, batch: boolean): GeminiEmbedParse {
  if (invalidJson || !isRecord(body)) return { ok: false, error: invalidArgument('Invalid JSON payload received. Unexpected token.') };
  const requests = batch ? body['requests'] : [body];
  if (!Array.isArray(requests) || requests.length === 0)
    return { ok: false, error: invalidArgument('* BatchEmbedContentsRequest.requests: requests is not specified\n') };
  const items: { text: string; dimensions: number }[] = [];
  for (const [i, request] of requests.entries()) {
    const item = parseOne(request, batch ? `BatchEmbedContentsRequest.requests[${i}]` : 'EmbedContentRequest', model);
    if (typeof item === 'string') return { ok: false, error: invalidArgument(item) };
    items.push(item);
  }
  return { ok: true, value: { batch, items }, markerText: items[items.length - 1]?.text ?? '' };
}

export function embedReply(request: GeminiEmbedRequest): HttpReply {
  const vectors = request.items.map((item) => ({ values: embeddingFor(item.text, item.dimensions) }));
  const body = request.batch ? { embeddings: vectors } : { embedding: vectors[0] };
  return { status: 200, headers: { 'content-type': 'application/json; charset=UTF-8' }, body: googlePrettyJson(body) };
}
