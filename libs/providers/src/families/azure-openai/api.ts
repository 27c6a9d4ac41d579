import type { DeploymentTarget } from '@switchyard/contracts';
import type { UpstreamCredential } from '../../provider-adapter';

/** The GA data-plane version used when a deployment's options name none. */
export const DEFAULT_AZURE_API_VERSION = '2024-10-21';

/**
 * base_url is the resource endpoint (https://<resource>.openai.azure.com).
 * The Azure deployment name is options.azure_deployment, else the upstream
 * model; the API version is options.api_version.
 */
export function azureUrl(
  target: DeploymentTarget,
  operation:
    | 'chat/completions'
    | 'embeddings'
    | 'moderations'
    | 'audio/transcriptions'
    | 'audio/translations'
    | 'audio/speech'
    | 'images/generations',
): string {
  const deployment = target.options['azure_deployment'] || target.upstreamModel;
  const version = target.options['api_version'] || DEFAULT_AZURE_API_VERSION;
  return `${target.baseUrl.replace(/\/+$/, '')}/openai/deployments/${encodeURIComponent(deployment)}/${operation}?api-version=${encodeURIComponent(version)}`;
}

/** Azure keys travel in the api-key header (Entra ID tokens would be Bearer; options.auth = "bearer"). */
export function azureHeaders(target: DeploymentTarget, credential: UpstreamCredential, stream: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
  };
  if (target.options['auth'] === 'bearer') headers['authorization'] = `Bearer ${credential.apiKey}`;
  else headers['api-key'] = credential.apiKey;
  return headers;
}
