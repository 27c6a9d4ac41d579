import { ConfigSeeder, type DeploymentSeed, Stack } from '@switchyard/dev-tools';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { MockProcess } from './mock-process';

/** ingress -> router -> provider-adapters in front of a zero-latency mock, an OpenAI deployment 'bench' (plus any asked for) and a tenant key. */
export interface HotPathStack {
  readonly mock: MockProcess;
  readonly stack: Stack;
  readonly apiKey: string;
  stop(): Promise<void>;
}

/** A further OpenAI deployment on the mock at `<mock>/d/<id>/v1`, with the same credential as 'bench'. */
export type BenchDeployment = Pick<DeploymentSeed, 'id' | 'model' | 'upstreamModel' | 'capabilities'>;

export interface HotPathStackOptions {
  /** Seeded beside 'bench' (e.g. speech or transcription deployments), each with the mock's latency at 0. */
  readonly deployments?: readonly BenchDeployment[];
}

export async function startHotPathStack(progress: (message: string) => void, options: HotPathStackOptions = {}): Promise<HotPathStack> {
  const id = `bench_${randomBytes(3).toString('hex')}`;
  const deployments: BenchDeployment[] = [{ id: 'bench', model: 'gpt-4o-mini' }, ...(options.deployments ?? [])];
  const mock = await MockProcess.start(resolve(__dirname, '../../..'));
  for (const deployment of deployments) await mock.configure(deployment.id, { latencyMs: 0, chunkDelayMs: 0 });
  progress('starting provider-adapters, router, ingress');
  const stack = await Stack.start({
    topicPrefix: `${id}.`,
    clickhouseDatabase: id,
    services: ['provider-adapters', 'router', 'ingress'],
    logLevel: 'info',
  });
  const stop = async (): Promise<void> => {
    await stack.stopAll();
    mock.stop();
  };
  try {
    const seeder = await ConfigSeeder.connect(stack.kafkaSettings, stack.keyEncryptionKeys);
    await seeder.tenant('ten_bench');
    await seeder.credential('bench', 'openai', 'sk-bench');
    for (const deployment of deployments)
      await seeder.deployment({
        ...deployment,
        provider: 'openai',
        baseUrl: `${mock.url}/d/${deployment.id}/v1`,
        credentialId: 'bench',
      });
    const key = await seeder.issueKey('ten_bench');
    await seeder.close();
    await new Promise((r) => setTimeout(r, 1500));
    return { mock, stack, apiKey: key.plaintext, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
