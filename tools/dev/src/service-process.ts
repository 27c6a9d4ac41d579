import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, WriteStream } from 'node:fs';
import type { ServiceName } from '@switchyard/platform';
import { join } from 'node:path';

export type { ServiceName };

export interface ServicePorts {
  readonly http: number;
  readonly grpc: number;
}

/** One service as a child process: `node apps/<name>/dist/main.js` with its env, logging to a file. */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private log: WriteStream | undefined;
  private exited: Promise<number | null> = Promise.resolve(null);

  constructor(
    readonly name: ServiceName,
    readonly ports: ServicePorts,
    private readonly repoRoot: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly logDir: string,
    /** Log file name (defaults to the service name; replicas add their number). */
    readonly label: string = name,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.ports.http}`;
  }

  /** Where this process's stdout and stderr (JSON log lines) go. */
  get logFile(): string {
    return join(this.logDir, `${this.label}.log`);
  }

  get grpcAddress(): string {
    return `127.0.0.1:${this.ports.grpc}`;
  }

  /** The OS process id while it runs (benchmarks read its CPU time from /proc). */
  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(readyTimeoutMs = 60_000): Promise<void> {
    mkdirSync(this.logDir, { recursive: true });
    this.log = createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn(process.execPath, [join(this.repoRoot, 'apps', this.name, 'dist', 'main.js')], {
      cwd: this.repoRoot,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    await this.waitReady(readyTimeoutMs);
  }

  /** SIGTERM: the graceful path (drain, flush). */
  async stop(timeoutMs = 30_000): Promise<void> {
    if (!this.running) return;
    this.child?.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
    this.log?.end();
  }

  /** SIGKILL: a crash, nothing flushed. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child?.kill('SIGKILL');
    await this.exited;
    this.log?.end();
  }

  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`${this.label} exited during start; see ${this.logFile}`);
      try {
        const res = await fetch(`${this.url}/readyz`);
        last = await res.text();
        if (res.status === 200) return;
      } catch (error) {
        last = String(error);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${this.label} was not ready within ${timeoutMs} ms (last /readyz: ${last})`);
  }
}
