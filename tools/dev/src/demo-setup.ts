import type { KafkaSettings } from '@switchyard/event-bus';
import { join, resolve } from 'node:path';
import { importCatalog } from './catalog-import';
import type { ConfigSeeder, IssuedKey } from './config-seeder';

/** The versioned model catalog of the local/demo environment (deployments on the mock provider, aliases, policies, experiments). */
export const DEMO_CATALOG = join(resolve(__dirname, '../../..'), 'deploy', 'catalog', 'models.json');

/**
 * The demo tenant `npm start` creates. Deployments, aliases, policies and the
 * A/B experiment come from the catalog file, imported as config events like
 * any other catalog; every model is served by the local mock provider, so the
 * whole stack works without internet.
 */
export async function seedDemo(seeder: ConfigSeeder, settings: KafkaSettings, mockUrl: string): Promise<IssuedKey> {
  await seeder.plan('pro', { name: 'Pro' });
  // The Free plan's model entries narrow policy:cheapest to the small chat models (docs/routing.md, "Candidate sets").
  await seeder.plan('free', {
    name: 'Free',
    allowedModels: ['chat-default', 'summarize', 'policy:cheapest', 'gpt-4o-mini', 'gpt-4.1-nano'],
  });
  await seeder.tenant('ten_demo', { name: 'Demo SaaS', planId: 'pro' });
  await seeder.credential('mock-openai', 'openai', 'sk-mock-demo-key');
  await seeder.credential('mock-gemini', 'gemini', 'mock-gemini-demo-key');
  await importCatalog(settings, DEMO_CATALOG, { MOCK_PROVIDER_URL: mockUrl });
  await seeder.feature('ten_demo', 'support-copilot', 'chat-default');
  await seeder.feature('ten_demo', 'nightly-summaries', 'summarize');
  return seeder.issueKey('ten_demo', { name: 'demo key' });
}
