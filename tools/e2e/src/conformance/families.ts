import type { ConfigSeeder, DeploymentSeed } from '@switchyard/dev-tools';
import type { Family, Outcome } from './matrix';

/** The Bedrock secret the mock verifies SigV4 signatures with (and the deployment's credential signs with). */
export const MOCK_AWS_SECRET = 'mock-aws-secret-access-key';

interface FamilySetup {
  readonly upstreamModel: string;
  /** Base URL of a deployment on the mock, from the mock URL and the virtual deployment name. */
  readonly baseUrl: (mock: string, name: string) => string;
  readonly secret?: string;
  readonly options?: Record<string, string>;
  readonly embeddingModel?: string;
  /** What the provider offers, as the suite expects to observe it. */
  readonly expect: { json: Outcome; embeddings: Outcome; cached: Outcome; reasoning: Outcome; contentFilter: Outcome };
}

const ALL: FamilySetup['expect'] = { json: 'pass', embeddings: 'pass', cached: 'pass', reasoning: 'pass', contentFilter: 'pass' };

export const FAMILY_SETUPS: Record<Family, FamilySetup> = {
  openai: {
    upstreamModel: 'gpt-4o-mini',
    baseUrl: (m, n) => `${m}/d/${n}/v1`,
    secret: 'sk-mock-openai',
    embeddingModel: 'text-embedding-3-small',
    expect: ALL,
  },
  'azure-openai': {
    upstreamModel: 'gpt-4o',
    baseUrl: (m, n) => `${m}/d/${n}`,
    secret: 'azure-mock-key',
    options: { api_version: '2024-10-21' },
    embeddingModel: 'text-embedding-3-small',
    expect: ALL,
  },
  anthropic: {
    upstreamModel: 'claude-sonnet-4-5',
    baseUrl: (m, n) => `${m}/d/${n}/v1`,
    secret: 'sk-ant-mock',
    options: { default_max_tokens: '1024' },
    // Anthropic counts thinking inside output_tokens without a separate figure.
    expect: { json: 'pass', embeddings: 'unsupported', cached: 'pass', reasoning: 'absent', contentFilter: 'pass' },
  },
  gemini: {
    upstreamModel: 'gemini-2.5-flash',
    baseUrl: (m, n) => `${m}/d/${n}/v1beta`,
    secret: 'gemini-mock-key',
    embeddingModel: 'text-embedding-004',
    expect: ALL,
  },
  bedrock: {
    upstreamModel: 'anthropic.claude-3-5-haiku-20241022-v1:0',
    baseUrl: (m, n) => `${m}/d/${n}`,
    secret: JSON.stringify({ apiKey: 'AKIDMOCKBEDROCK', secretAccessKey: MOCK_AWS_SECRET }),
    options: { aws_region: 'us-east-1' },
    embeddingModel: 'cohere.embed-english-v3',
    expect: { json: 'pass', embeddings: 'pass', cached: 'pass', reasoning: 'absent', contentFilter: 'pass' },
  },
  'openai-compatible': {
    upstreamModel: 'mistral-small-latest',
    baseUrl: (m, n) => `${m}/d/${n}/v1`,
    secret: 'compat-mock-key',
    embeddingModel: 'mistral-embed',
    expect: ALL,
  },
  ollama: {
    upstreamModel: 'llama3.2',
    baseUrl: (m, n) => `${m}/d/${n}`,
    embeddingModel: 'nomic-embed-text',
    // Ollama has no prompt cache figure, no reasoning figure and no content filter.
    expect: { json: 'pass', embeddings: 'pass', cached: 'absent', reasoning: 'absent', contentFilter: 'absent' },
  },
};

/** Public model names the suite calls for one family. */
export function modelsOf(family: Family) {
  return {
    chat: `conf-${family}`,
    slow: `conf-${family}-slow`,
    down: `conf-${family}-down`,
    embed: `conf-${family}-embed`,
  };
}

export const SLOW_DEPLOYMENT_TIMEOUT_MS = 1_000;

/**
 * Four deployments per family on the mock provider: the main one, one with a
 * short timeout (for the timeout class), one whose endpoint refuses
 * connections (network class), and an embeddings one.
 */
export async function seedFamily(seeder: ConfigSeeder, family: Family, mockUrl: string, deadUrl: string): Promise<void> {
  const setup = FAMILY_SETUPS[family];
  const models = modelsOf(family);
  const credentialId = setup.secret ? `cred-conf-${family}` : undefined;
  if (credentialId && setup.secret) await seeder.credential(credentialId, family, setup.secret);
  const base = (id: string): DeploymentSeed => ({
    id,
    model: id,
    provider: family,
    upstreamModel: setup.upstreamModel,
    baseUrl: setup.baseUrl(mockUrl, id),
    credentialId,
    options: setup.options,
  });
  await seeder.deployment(base(models.chat));
  await seeder.deployment({ ...base(models.slow), timeoutMs: SLOW_DEPLOYMENT_TIMEOUT_MS });
  await seeder.deployment({ ...base(models.down), baseUrl: setup.baseUrl(deadUrl, models.down) });
  await seeder.deployment({
    ...base(models.embed),
    upstreamModel: setup.embeddingModel ?? setup.upstreamModel,
    capabilities: { chat: false, streaming: false, vision: false, tools: false, jsonMode: false, embeddings: true },
  });
}
