import type { DeploymentTarget } from '@switchyard/contracts';
import type { UpstreamCredential } from '../../provider-adapter';

/** base_url is the server's API root including any version (https://api.mistral.ai/v1, http://vllm:8000/v1). */
export function compatibleUrl(target: DeploymentTarget, path: string): string {
  return `${target.baseUrl.replace(/\/+$/, '')}${path}`;
}

/** Bearer auth when the deployment has a key; self-hosted servers (vLLM) often have none. */
export function compatibleHeaders(credential: UpstreamCredential, stream: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
  };
  if (credential.apiKey) headers['authorization'] = `Bearer ${credential.apiKey}`;
  return headers;
}
