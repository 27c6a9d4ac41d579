import type { DeploymentTarget } from '@switchyard/contracts';
import type { UpstreamCredential } from '../../provider-adapter';

/** base_url is the API root including its version, e.g. https://generativelanguage.googleapis.com/v1beta. */
export function geminiUrl(target: DeploymentTarget, method: string, query = ''): string {
  const model = target.upstreamModel.replace(/^models\//, '');
  return `${target.baseUrl.replace(/\/+$/, '')}/models/${encodeURIComponent(model)}:${method}${query}`;
}

export function geminiModelName(target: DeploymentTarget): string {
  return `models/${target.upstreamModel.replace(/^models\//, '')}`;
}

/** The key goes in x-goog-api-key (never in the URL, where it would end up in logs). */
export function geminiHeaders(credential: UpstreamCredential, stream: boolean): Record<string, string> {
  return {
    'x-goog-api-key': credential.apiKey,
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
  };
}
