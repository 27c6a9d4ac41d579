import { startDevStack } from './dev-stack';

/**
 * `npm start`: the mock provider and every service on their default ports,
 * against the local Kafka and ClickHouse, seeded with a demo tenant.
 */
async function main(): Promise<void> {
  const dev = await startDevStack({
    mockProviderPort: Number(process.env['MOCK_PROVIDER_PORT'] ?? 18080),
    topicPrefix: process.env['KAFKA_TOPIC_PREFIX'] ?? 'switchyard.',
    clickhouseDatabase: process.env['CLICKHOUSE_DATABASE'] ?? 'switchyard',
    keyEncryptionKeys: process.env['SWITCHYARD_KEKS'] ?? 'dev:c3dpdGNoeWFyZC1kZXYta2VrLW5vdC1mb3ItcHJvZCE=',
    // Fixed, so end-user pseudonyms (and A/B arms) survive a restart of the local stack.
    endUserPseudonymKey: process.env['SWITCHYARD_PSEUDONYM_KEY'] ?? 'c3dpdGNoeWFyZC1kZXYtcHNldWRvbnltLWtleSEhISE=',
    ports: {
      ingress: { http: 8080, grpc: 50051 },
      router: { http: 8081, grpc: 50061 },
      'provider-adapters': { http: 8082, grpc: 50062 },
      metering: { http: 8083, grpc: 50063 },
      'budget-enforcer': { http: 8084, grpc: 50064 },
      audit: { http: 8085, grpc: 50065 },
    },
  });
  process.stdout.write(dev.banner);

  const shutdown = async (): Promise<void> => {
    process.stdout.write('\nStopping Switchyard...\n');
    await dev.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
