import { startMockProvider, type MockProvider, type MockProviderOptions } from '../index';

export interface MockFixture {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly provider: MockProvider;
  readonly url: string;
}

/** One in-process server per spec file on a free port: `beforeAll(mock.start); afterAll(mock.stop);` */
export function mockProviderFixture(options: MockProviderOptions = {}): MockFixture {
  let provider: MockProvider | undefined;
  const running = (): MockProvider => {
    if (!provider) throw new Error('mock provider not started');
    return provider;
  };
  return {
    start: async () => {
      provider = await startMockProvider({ port: 0, ...options });
    },
    stop: async () => {
      await provider?.close();
    },
    get provider() {
      return running();
    },
    get url() {
      return running().url;
    },
  };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

export async function readAll(response: Response): Promise<string> {
  return response.text();
}

/** Reads a body until the server drops the connection; resolves with what arrived and whether it ended cleanly. */
export async function readUntilClose(response: Response): Promise<{ text: string; cleanEnd: boolean }> {
  const reader = response.body?.getReader();
  if (!reader) return { text: '', cleanEnd: true };
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text, cleanEnd: true };
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    return { text, cleanEnd: false };
  }
}

export function elapsedSince(start: number): number {
  return Date.now() - start;
}
