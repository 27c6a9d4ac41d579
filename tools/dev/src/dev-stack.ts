import { startMockProvider } from '@switchyard/mock-provider';
import { randomBytes } from 'node:crypto';
import type { MockProvider } from '@switchyard/mock-provider';
import { ConfigSeeder } from './config-seeder';
import { seedDemo } from './demo-setup';
import { Stack } from './stack';
import type { StackOptions } from './stack';

export interface DevStackOptions {
  readonly mockProviderPort?: number;
  readonly topicPrefix: string;
  readonly clickhouseDatabase: string;
  readonly keyEncryptionKeys?: string;
  readonly endUserPseudonymKey?: string;
  readonly ports?: StackOptions['ports'];
  readonly logDir?: string;
}

/** What `npm start` runs: the mock provider, every service and the demo tenant, and what it tells the user. */
export interface DevStack {
  readonly stack: Stack;
  readonly mock: MockProvider;
  readonly demoKey: string;
  /** The banner `npm start` prints. */
  readonly banner: string;
  stop(): Promise<void>;
}

/** The code path of `npm start` (start-dev.ts), callable with other ports and prefixes so a test can run it. */
export async function startDevStack(options: DevStackOptions): Promise<DevStack> {
  const mock = await startMockProvider({ port: options.mockProviderPort ?? 0 });
  // One credential for the local platform operator: the admin API's bootstrap
  // operator and the operator token of metering and budget-enforcer.
  const operatorToken = process.env['SWITCHYARD_BOOTSTRAP_TOKEN'] || `op_${randomBytes(24).toString('hex')}`;
  let stack: Stack;
  try {
    stack = await Stack.start({
      topicPrefix: options.topicPrefix,
      clickhouseDatabase: options.clickhouseDatabase,
      keyEncryptionKeys: options.keyEncryptionKeys,
      endUserPseudonymKey: options.endUserPseudonymKey,
      logDir: options.logDir,
      operatorToken,
      extraEnv: { SWITCHYARD_BOOTSTRAP_TOKEN: operatorToken },
      ports: options.ports,
    });
  } catch (error) {
    await mock.close();
    throw error;
  }
  const seeder = await ConfigSeeder.connect(stack.kafkaSettings, stack.keyEncryptionKeys);
  const key = await seedDemo(seeder, stack.kafkaSettings, mock.url);
  await seeder.close();
  return {
    stack,
    mock,
    demoKey: key.plaintext,
    banner: banner(stack, mock.url, key.plaintext),
    stop: async () => {
      await stack.stopAll();
      await mock.close();
    },
  };
}

function banner(stack: Stack, mockUrl: string, demoKey: string): string {
  const lines = [
    '',
    'Switchyard is running.',
    `  OpenAI-compatible API:  ${stack.openAiBaseUrl}`,
    `  gRPC gateway:           ${stack.service('ingress').grpcAddress}`,
    `  Demo API key:           ${demoKey}`,
    `  Operator token:         ${stack.operatorToken} (platform operator: admin API, usage/billing for any tenant, budget counters)`,
    `  Mock provider:          ${mockUrl}`,
    `  Admin API:              ${stack.service('ingress').url}/admin/v1 (OpenAPI: /admin/v1/openapi.json)`,
    `  Service logs:           .var/logs/`,
    '',
    'Try:',
    `  curl ${stack.openAiBaseUrl}/chat/completions -H "Authorization: Bearer ${demoKey}" \\`,
    `    -H 'content-type: application/json' -d '{"model":"chat-default","messages":[{"role":"user","content":"Hello"}]}'`,
    `  curl -s ${stack.service('ingress').url}/admin/v1/tenants/ten_demo -H "Authorization: Bearer ${stack.operatorToken}"`,
    '  Models: concrete (gpt-4o-mini), aliases (chat-default, summarize, fast-chat) or policies (policy:fastest-small, ...);',
    '  a policy ranks within one model class (chat-small, chat-large): policy:fastest alone is refused with 400 here;',
    '  the catalog is deploy/catalog/models.json, routing is explained in docs/routing.md.',
    '',
    'Ctrl-C stops everything (Kafka, ClickHouse and Redis keep running; tools/infra/down.sh stops them).',
    '',
  ];
  return lines.join('\n');
}
