import type { ServingDeps, ServingPipeline } from '@switchyard/serving';
import type { AddedLatency } from './added-latency';

/** What the ingress controllers and the gRPC Gateway need, wired once in the module. */
export interface IngressDeps extends ServingDeps {
  /** The one serving path every public surface goes through. */
  readonly serving: ServingPipeline;
  readonly overhead: AddedLatency;
}

export const INGRESS_DEPS = Symbol('ingress.deps');
