import { ConfigSeeder } from './config-seeder';
import { seedDemo } from './demo-setup';

/**
 * One-shot demo seeding for a stack started some other way (docker compose,
 * Kubernetes): KAFKA_BROKERS, KAFKA_TOPIC_PREFIX, SWITCHYARD_KEKS and
 * MOCK_PROVIDER_URL from the environment; prints the demo key.
 */
async function main(): Promise<void> {
  const env = process.env;
  const settings = {
    kafkaBrokers: (env['KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(','),
    kafkaTopicPrefix: env['KAFKA_TOPIC_PREFIX'] ?? 'switchyard.',
  };
  const seeder = await ConfigSeeder.connect(settings, env['SWITCHYARD_KEKS'] ?? '');
  const key = await seedDemo(seeder, settings, env['MOCK_PROVIDER_URL'] ?? 'http://127.0.0.1:18080');
  await seeder.close();
  process.stdout.write(`Demo API key: ${key.plaintext}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
