import { isRecord, type BehaviourPatch } from './behaviour/config';
import { startMockProvider, type MockProviderOptions } from './index';

function optionsFromEnv(env: NodeJS.ProcessEnv): MockProviderOptions {
  const options: MockProviderOptions = {
    port: Number(env['MOCK_PROVIDER_PORT'] ?? 18080),
    host: env['MOCK_PROVIDER_HOST'] ?? '127.0.0.1',
    awsSecretAccessKey: env['MOCK_AWS_SECRET_ACCESS_KEY'] || undefined,
  };
  const raw = env['MOCK_PROVIDER_CONFIG'];
  if (!raw) return options;
  const config: unknown = JSON.parse(raw);
  if (!isRecord(config)) throw new Error('MOCK_PROVIDER_CONFIG must be a JSON object');
  if (isRecord(config['behaviour'])) options.behaviour = config['behaviour'] as BehaviourPatch;
  if (isRecord(config['deployments'])) options.deployments = config['deployments'] as Record<string, BehaviourPatch>;
  if (Array.isArray(config['models'])) options.models = config['models'].filter((m): m is string => typeof m === 'string');
  return options;
}

async function main(): Promise<void> {
  const provider = await startMockProvider(optionsFromEnv(process.env));
  process.stdout.write(`mock-provider listening on ${provider.url}\n`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`mock-provider: ${signal}, shutting down\n`);
    provider.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`mock-provider failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
