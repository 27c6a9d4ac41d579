import type { ConfigState } from '@switchyard/control-plane';
import type { PiiGuard } from '@switchyard/pii';
import type { Log } from '@switchyard/platform';
import type { GatewayOverhead } from './gateway-overhead';
import type { RequestEvents } from './request-events';
import type { RouterGateway } from './router-client';

/** What the ingress controllers need, wired once in the module. */
export interface IngressDeps {
  readonly config: ConfigState;
  readonly router: RouterGateway;
  readonly events: RequestEvents;
  readonly log: Log;
  readonly overhead: GatewayOverhead;
  /** The tenant's PII policy for one request (a fresh guard per request). */
  readonly pii: (tenantId: string) => PiiGuard;
}

export const INGRESS_DEPS = Symbol('ingress.deps');
