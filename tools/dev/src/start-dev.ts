import { startMockProvider } from '@switchyard/mock-provider';
import { ConfigSeeder } from './config-seeder';
import { seedDemo } from './demo-setup';
import { Stack } from './stack';

/**
 * `npm start`: the mock provider and every service on their default ports,
 * against the local Kafka and ClickHouse, seeded with a demo tenant.
 */
async function main(): Promise<void> {
  const mock = await startMockProvider({ port: Number(process.env['MOCK_PROVIDER_PORT'] ?? 18080) });
  const stack = await Stack.start({
    topicPrefix: process.env['KAFKA_TOPIC_PREFIX'] ?? 'switchyard.',
    clickhouseDatabase: process.env['CLICKHOUSE_DATABASE'] ?? 'switchyard',
    keyEncryptionKeys: process.env['SWITCHYARD_KEKS'] ?? 'dev:c3dpdGNoeWFyZC1kZXYta2VrLW5vdC1mb3ItcHJvZCE=',
    // The admin API's first caller (see libs/admin/README.md); off unless set.
    extraEnv: process.env['SWITCHYARD_BOOTSTRAP_TOKEN'] ? { SWITCHYARD_BOOTSTRAP_TOKEN: process.env['SWITCHYARD_BOOTSTRAP_TOKEN'] } : {},
    ports: {
      ingress: { http: 8080, grpc: 50051 },
      router: { http: 8081, grpc: 50061 },
      'provider-adapters': { http: 8082, grpc: 50062 },
      metering: { http: 8083, grpc: 50063 },
      'budget-enforcer': { http: 8084, grpc: 50064 },
      audit: { http: 8085, grpc: 50065 },
    },
  });
  const seeder = await ConfigSeeder.connect(stack.kafkaSettings, stack.keyEncryptionKeys);
  const key = await seedDemo(seeder, stack.kafkaSettings, mock.url);
  await seeder.close();

  const lines = [
    '',
    'Switchyard is running.',
    `  OpenAI-compatible API:  ${stack.openAiBaseUrl}`,
    `  gRPC gateway:           ${stack.service('ingress').grpcAddress}`,
    `  Demo API key:           ${key.plaintext}`,
    `  Operator token:         ${stack.operatorToken} (usage/billing for any tenant, budget counters)`,
    `  Mock provider:          ${mock.url}`,
    `  Admin API:              ${stack.service('ingress').url}/admin/v1 (OpenAPI: /admin/v1/openapi.json)`,
    `  Service logs:           .var/logs/`,
    '',
    'Try:',
    `  curl ${stack.openAiBaseUrl}/chat/completions -H "Authorization: Bearer ${key.plaintext}" \\`,
    `    -H 'content-type: application/json' -d '{"model":"chat-default","messages":[{"role":"user","content":"Hello"}]}'`,
    '  Models: concrete (gpt-4o-mini), aliases (chat-default, summarize, fast-chat) or policies (policy:cheapest, policy:fastest, ...);',
    '  the catalog is deploy/catalog/models.json, routing is explained in docs/routing.md.',
    '',
    'Ctrl-C stops everything (Kafka and ClickHouse keep running; tools/infra/down.sh stops them).',
    '',
  ];
  process.stdout.write(lines.join('\n'));

  const shutdown = async (): Promise<void> => {
    process.stdout.write('\nStopping Switchyard...\n');
    await stack.stopAll();
    await mock.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
