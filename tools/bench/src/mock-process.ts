import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '@switchyard/dev-tools';

/** The mock provider in its own process, so it doesn't share an event loop with the load generator. */
export class MockProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(repoRoot: string): Promise<MockProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, [join(repoRoot, 'tools/mock-provider/dist/main.js')], {
      env: { ...process.env, MOCK_PROVIDER_PORT: String(port) },
      stdio: 'ignore',
    });
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(`${url}/_mock/health`)).ok) return new MockProcess(child, url);
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill();
    throw new Error('mock provider did not start');
  }

  async configure(deployment: string, behaviour: Record<string, unknown>): Promise<void> {
    const res = await fetch(`${this.url}/_mock/deployments/${deployment}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(behaviour),
    });
    if (!res.ok) throw new Error(`mock config failed: ${res.status} ${await res.text()}`);
  }

  stop(): void {
    this.child.kill('SIGTERM');
  }
}
