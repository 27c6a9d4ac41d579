import type { DeploymentTarget } from '@switchyard/contracts';
import type { UpstreamCredential } from '../../provider-adapter';

/** base_url is the API root including its version, e.g. https://api.openai.com/v1. */
export function openAiUrl(target: DeploymentTarget, path: string): string {
  return `${target.baseUrl.replace(/\/+$/, '')}${path}`;
}

export function openAiHeaders(target: DeploymentTarget, credential: UpstreamCredential, stream: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${credential.apiKey}`,
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
  };
  const organization = target.options['organization'];
  if (organization) headers['openai-organization'] = organization;
  const project = target.options['project'];
  if (project) headers['openai-project'] = project;
  return headers;
}
