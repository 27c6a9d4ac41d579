import type { ConfigSeeder, IssuedKey } from './config-seeder';

/**
 * The demo tenant and deployments `npm start` creates: every model is served
 * by the local mock provider, so the whole stack works without internet.
 */
export async function seedDemo(seeder: ConfigSeeder, mockUrl: string): Promise<IssuedKey> {
  await seeder.tenant('ten_demo', { name: 'Demo SaaS', planId: 'pro' });
  await seeder.credential('mock-openai', 'openai', 'sk-mock-demo-key');
  await seeder.deployment({ id: 'mock-gpt-4o-mini-us', model: 'gpt-4o-mini', provider: 'openai', baseUrl: `${mockUrl}/d/gpt-4o-mini-us/v1`, region: 'us-east', credentialId: 'mock-openai' });
  await seeder.deployment({ id: 'mock-gpt-4o-mini-eu', model: 'gpt-4o-mini', provider: 'openai', baseUrl: `${mockUrl}/d/gpt-4o-mini-eu/v1`, region: 'eu-west', credentialId: 'mock-openai' });
  await seeder.deployment({ id: 'mock-gpt-4o-us', model: 'gpt-4o', provider: 'openai', baseUrl: `${mockUrl}/d/gpt-4o-us/v1`, region: 'us-east', credentialId: 'mock-openai' });
  await seeder.deployment({
    id: 'mock-embeddings-us',
    model: 'text-embedding-3-small',
    provider: 'openai',
    baseUrl: `${mockUrl}/d/embeddings-us/v1`,
    region: 'us-east',
    credentialId: 'mock-openai',
    capabilities: { chat: false, streaming: false, vision: false, tools: false, jsonMode: false, embeddings: true },
  });
  return seeder.issueKey('ten_demo', { name: 'demo key' });
}
