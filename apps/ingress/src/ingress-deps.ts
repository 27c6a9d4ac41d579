import type { StoredResponses } from '@switchyard/openai-api';
import type { ServingDeps, ServingPipeline } from '@switchyard/serving';
import type { AddedLatency } from './added-latency';

/** What the ingress controllers and the gRPC Gateway need, wired once in the module. */
export interface IngressDeps extends ServingDeps {
  /** The one serving path every public surface goes through. */
  readonly serving: ServingPipeline;
  readonly overhead: AddedLatency;
  /** The Responses API's conversation state (previous_response_id, GET/DELETE /v1/responses/{id}). */
  readonly responses: StoredResponses;
}

export const INGRESS_DEPS = Symbol('ingress.deps');
