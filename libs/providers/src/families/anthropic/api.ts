import type { DeploymentTarget } from '@switchyard/contracts';
import type { UpstreamCredential } from '../../provider-adapter';

export const ANTHROPIC_VERSION = '2023-06-01';

/** base_url is the API root including its version, e.g. https://api.anthropic.com/v1. */
export function anthropicUrl(target: DeploymentTarget, path: string): string {
  return `${target.baseUrl.replace(/\/+$/, '')}${path}`;
}

/** x-api-key plus the pinned API version; options.anthropic_beta is passed through as anthropic-beta. */
export function anthropicHeaders(target: DeploymentTarget, credential: UpstreamCredential, stream: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    'x-api-key': credential.apiKey,
    'anthropic-version': target.options['anthropic_version'] || ANTHROPIC_VERSION,
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
  };
  const beta = target.options['anthropic_beta'];
  if (beta) headers['anthropic-beta'] = beta;
  return headers;
}
