import type { ConfigState } from '@switchyard/control-plane';
import type { Log } from '@switchyard/platform';
import type { RequestEvents } from './request-events';
import type { RouterGateway } from './router-client';

/** What the ingress controllers need, wired once in the module. */
export interface IngressDeps {
  readonly config: ConfigState;
  readonly router: RouterGateway;
  readonly events: RequestEvents;
  readonly log: Log;
}

export const INGRESS_DEPS = Symbol('ingress.deps');
