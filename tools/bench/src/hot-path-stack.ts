import { ConfigSeeder, Stack } from '@switchyard/dev-tools';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { MockProcess } from './mock-process';

/** ingress -> router -> provider-adapters in front of a zero-latency mock, one OpenAI deployment 'bench' and a tenant key. */
export interface HotPathStack {
  readonly mock: MockProcess;
  readonly stack: Stack;
  readonly apiKey: string;
  stop(): Promise<void>;
}

export async function startHotPathStack(progress: (message: string) => void): Promise<HotPathStack> {
  const id = `bench_${randomBytes(3).toString('hex')}`;
  const mock = await MockProcess.start(resolve(__dirname, '../../..'));
  await mock.configure('bench', { latencyMs: 0, chunkDelayMs: 0 });
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
    await seeder.deployment({
      id: 'bench',
      model: 'gpt-4o-mini',
      provider: 'openai',
      baseUrl: `${mock.url}/d/bench/v1`,
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
