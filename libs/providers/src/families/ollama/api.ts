import type { DeploymentTarget } from '@switchyard/contracts';
import type { UpstreamCredential } from '../../provider-adapter';

/** base_url is the server root (http://localhost:11434); the API lives under /api. */
export function ollamaUrl(target: DeploymentTarget, path: string): string {
  return `${target.baseUrl.replace(/\/+$/, '').replace(/\/api$/, '')}/api${path}`;
}

/** Ollama itself has no auth; a key is sent as Bearer only when the deployment has one (a proxy in front). */
export function ollamaHeaders(credential: UpstreamCredential): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (credential.apiKey) headers['authorization'] = `Bearer ${credential.apiKey}`;
  return headers;
}
