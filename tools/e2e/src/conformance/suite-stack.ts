import Anthropic from '@anthropic-ai/sdk';
import { freePort } from '@switchyard/dev-tools';
import OpenAI from 'openai';
import { TestStack } from '../test-stack';
import { seedEndpoints } from './endpoint-families';
import { MOCK_AWS_SECRET, seedFamily } from './families';
import { Cell, FAMILIES, Family, Results } from './matrix';

export interface ConformanceStack {
  readonly t: TestStack;
  readonly openai: OpenAI;
  readonly anthropic: Anthropic;
  readonly apiKey: string;
}

/**
 * The whole gateway on the mock provider with every family's deployments
 * (chat, slow, down, embeddings and one per other endpoint), one tenant and
 * its key, and the official clients pointed at ingress.
 */
export async function startConformanceStack(): Promise<ConformanceStack> {
  // The probes check how a provider's 429 is passed on, not the queue: a 3 s rate-limit wait bound
  // (one retry-after: 2) instead of 30 s per 429 probe, and still long enough for the next probe on
  // that deployment to wait its pause out.
  const t = await TestStack.start({ mock: { awsSecretAccessKey: MOCK_AWS_SECRET }, extraEnv: { ROUTER_RATE_LIMIT_MAX_WAIT_MS: '3000' } });
  const deadUrl = `http://127.0.0.1:${await freePort()}`;
  await t.seeder.tenant('ten_conf');
  for (const family of FAMILIES) {
    await seedFamily(t.seeder, family, t.mock.url, deadUrl);
    await seedEndpoints(t.seeder, family, t.mock.url);
  }
  await t.seeder.deployment({
    id: 'conf-no-stream-usage',
    model: 'conf-no-stream-usage',
    provider: 'openai-compatible',
    baseUrl: `${t.mock.url}/d/no-usage/v1`,
    credentialId: 'cred-conf-openai-compatible',
    options: { stream_usage: 'false' },
  });
  const apiKey = (await t.seeder.issueKey('ten_conf')).plaintext;
  await t.waitForConfig();
  return {
    t,
    apiKey,
    openai: new OpenAI({ apiKey, baseURL: t.baseUrl, maxRetries: 0 }),
    anthropic: new Anthropic({ apiKey, baseURL: t.stack.service('ingress').url, maxRetries: 0 }),
  };
}

/** Runs a probe and records what it observed in `results` (a throw is recorded as a failed cell and rethrown). */
export function cellRecorder(results: Results) {
  return async (section: string, family: Family, column: string, probe: () => Promise<Cell>): Promise<Cell> => {
    const row = ((results[section] ??= {})[family] ??= {});
    try {
      const observed = await probe();
      row[column] = observed;
      return observed;
    } catch (error) {
      row[column] = { outcome: 'fail' };
      throw error;
    }
  };
}
