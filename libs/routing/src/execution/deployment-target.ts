import { DeploymentTarget } from '@switchyard/contracts';
import type { Deployment } from '@switchyard/contracts';

export function deploymentTarget(d: Deployment): DeploymentTarget {
  return DeploymentTarget.fromPartial({
    deploymentId: d.id,
    provider: d.provider,
    upstreamModel: d.upstreamModel,
    publicModel: d.model,
    baseUrl: d.baseUrl,
    region: d.region,
    credentialRef: d.credentialRef,
    options: d.options,
    timeoutMs: d.timeoutMs,
  });
}
