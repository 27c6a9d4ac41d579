import { ApiError } from '@switchyard/api-errors';
import type { ModelListing } from '@switchyard/contracts';

export interface OpenAiModel {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
  /** Switchyard's addition (SDKs ignore unknown fields): the paths this model serves, e.g. "/v1/embeddings". */
  endpoints: string[];
}

export interface OpenAiModelList {
  object: 'list';
  data: OpenAiModel[];
}

export function renderModel(m: ModelListing): OpenAiModel {
  return { id: m.id, object: 'model', created: m.createdUnix, owned_by: m.ownedBy, endpoints: [...m.endpoints] };
}

export function renderModelList(models: readonly ModelListing[]): OpenAiModelList {
  return { object: 'list', data: models.map(renderModel) };
}

/**
 * GET /v1/models/{id}: one of the models the caller may use (exactly what
 * /v1/models lists for its key), or OpenAI's 404 — a model the key may not use
 * is answered like an unknown one, so ids of other plans are not disclosed.
 */
export function retrieveModel(models: readonly ModelListing[], id: string): OpenAiModel {
  const found = models.find((m) => m.id === id);
  if (!found)
    throw new ApiError(
      404,
      'invalid_request_error',
      'model_not_found',
      `The model '${id}' does not exist or you do not have access to it.`,
      'model',
    );
  return renderModel(found);
}
