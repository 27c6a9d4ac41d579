import type { ManagedComponent } from '@switchyard/platform';
import type { UpstreamClient } from '@switchyard/providers';

export function upstreamClientComponent(client: UpstreamClient): ManagedComponent {
  return { name: 'upstream-client', stopPhase: 'outlet', start: async () => undefined, stop: () => client.close() };
}
