import { privateKeyText, publicKeyText, SERVICE_NAMES, SERVICE_TOPOLOGY, startOrder } from '@switchyard/platform';
import { generateKeyPairSync, KeyObject, randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { freePort } from './free-port';
import { RoundRobinProxy } from './round-robin-proxy';
import { ServiceName, ServicePorts, ServiceProcess } from './service-process';

export interface StackOptions {
  /** Kafka topic prefix and consumer-group prefix; unique per stack so stacks never share state. */
  readonly topicPrefix: string;
  readonly clickhouseDatabase: string;
  readonly kafkaBrokers?: string;
  readonly clickhouseUrl?: string;
  /** "id:base64" key-encryption keys; generated when omitted. */
  readonly keyEncryptionKeys?: string;
  /** Fixed ports (npm start); free ports are picked when omitted (tests). */
  readonly ports?: Partial<Record<ServiceName, ServicePorts>>;
  readonly services?: readonly ServiceName[];
  readonly logDir?: string;
  readonly logLevel?: string;
  readonly extraEnv?: Readonly<Record<string, string>>;
  /**
   * Router replicas (default 1). Each extra router gets its own ingress, and
   * a round-robin HTTP proxy in front of the ingresses becomes openAiBaseUrl.
   */
  readonly routerReplicas?: number;
  /** Additional ingress replicas in front of the same router (same config, own ports, spool and logs); 0 when omitted. */
  readonly extraIngressReplicas?: number;
  /** Bearer token of operators (metering and budget-enforcer APIs); generated when omitted. */
  readonly operatorToken?: string;
  /** SWITCHYARD_PSEUDONYM_KEY (base64, 32 bytes); generated when omitted. */
  readonly endUserPseudonymKey?: string;
}

// Dependencies first: each service's peers are up before it starts (SERVICE_TOPOLOGY, each app's module map names its peers).
const START_ORDER: readonly ServiceName[] = startOrder();

/** A whole Switchyard (all services as processes) on this machine, sharing the local Kafka and ClickHouse. */
export class Stack {
  readonly repoRoot = resolve(__dirname, '../../..');
  readonly keyEncryptionKeys: string;
  readonly operatorToken: string;
  /** Each service's Ed25519 private key (SERVICE_IDENTITY_KEY), generated per stack; tests sign tokens with them. */
  readonly serviceKeys: ReadonlyMap<ServiceName, KeyObject> = new Map(
    SERVICE_NAMES.map((name) => [name, generateKeyPairSync('ed25519').privateKey]),
  );
  private readonly processes = new Map<ServiceName, ServiceProcess>();
  private readonly extraReplicas: ServiceProcess[] = [];
  /** The extra ingress replicas of the first router, in start order (the first ingress is service('ingress')). */
  readonly ingressReplicas: ServiceProcess[] = [];
  private balancer: RoundRobinProxy | undefined;

  private constructor(readonly options: StackOptions) {
    this.keyEncryptionKeys = options.keyEncryptionKeys ?? `k1:${randomBytes(32).toString('base64')}`;
    this.operatorToken = options.operatorToken ?? `op_${randomBytes(24).toString('hex')}`;
  }

  static async start(options: StackOptions): Promise<Stack> {
    const stack = new Stack(options);
    try {
      await stack.startAll();
    } catch (error) {
      // Don't leave half a stack running behind a failed start.
      await stack.stopAll();
      throw error;
    }
    return stack;
  }

  get kafkaSettings(): { kafkaBrokers: string[]; kafkaTopicPrefix: string } {
    return { kafkaBrokers: (this.options.kafkaBrokers ?? '127.0.0.1:19092').split(','), kafkaTopicPrefix: this.options.topicPrefix };
  }

  service(name: ServiceName): ServiceProcess {
    const p = this.processes.get(name);
    if (!p) throw new Error(`${name} is not part of this stack`);
    return p;
  }

  /** Every process of a service: the first replica, then the extra ones. */
  replicas(name: ServiceName): ServiceProcess[] {
    return [this.service(name), ...this.extraReplicas.filter((p) => p.name === name)];
  }

  /** Every process of the stack that is running now (each follows the config log). */
  runningProcesses(): ServiceProcess[] {
    return [...this.processes.values(), ...this.ingressReplicas, ...this.extraReplicas].filter((p) => p.running);
  }

  /** Base URL for OpenAI SDKs: http://127.0.0.1:<ingress port>/v1 (the balancer's when there are several ingresses). */
  get openAiBaseUrl(): string {
    return `${this.balancer?.url ?? this.service('ingress').url}/v1`;
  }

  async stopAll(): Promise<void> {
    await this.balancer?.close();
    for (const p of [...this.extraReplicas].reverse()) await p.stop();
    for (const replica of this.ingressReplicas) await replica.stop();
    for (const name of [...this.processes.keys()].reverse()) await this.service(name).stop();
  }

  /** Stops (SIGTERM) or kills (SIGKILL) one service and starts it again with the same ports and env. */
  async restart(name: ServiceName, how: 'stop' | 'kill' = 'stop'): Promise<void> {
    const p = this.service(name);
    if (how === 'kill') await p.kill();
    else await p.stop();
    await p.start();
  }

  private async startAll(): Promise<void> {
    const wanted = this.options.services ?? START_ORDER;
    const ports = new Map<ServiceName, ServicePorts>();
    for (const name of START_ORDER) {
      ports.set(name, this.options.ports?.[name] ?? { http: await freePort(), grpc: await freePort() });
    }
    const env = this.environment(ports);
    const logDir = this.options.logDir ?? join(this.repoRoot, '.var', 'logs', this.options.topicPrefix.replace(/\W+/g, ''));
    for (const name of START_ORDER.filter((n) => wanted.includes(n))) {
      const proc = new ServiceProcess(
        name,
        ports.get(name)!,
        this.repoRoot,
        { ...env, ...this.identityEnv(name), INSTANCE_ID: `${name}-${this.options.topicPrefix}` },
        logDir,
      );
      this.processes.set(name, proc);
      await proc.start();
      if (name === 'ingress') await this.startIngressReplicas(env, logDir);
    }
    await this.startExtraRouters(env, logDir);
  }

  private async startIngressReplicas(env: NodeJS.ProcessEnv, logDir: string): Promise<void> {
    for (let i = 1; i <= (this.options.extraIngressReplicas ?? 0); i++) {
      const ports = { http: await freePort(), grpc: await freePort() };
      const replicaEnv = {
        ...env,
        ...this.identityEnv('ingress'),
        INSTANCE_ID: `ingress-${i}-${this.options.topicPrefix}`,
        INGRESS_HTTP_PORT: String(ports.http),
        INGRESS_GRPC_PORT: String(ports.grpc),
        EVENT_SPOOL_DIR: `${env['EVENT_SPOOL_DIR'] ?? '.var/spool'}-replica-${i}`,
      };
      const proc = new ServiceProcess('ingress', ports, this.repoRoot, replicaEnv, join(logDir, `replica-${i}`));
      this.ingressReplicas.push(proc);
      await proc.start();
    }
  }

  /** Router replica i (i >= 2) with its own ingress in front of it, and one balancer over all ingresses. */
  private async startExtraRouters(env: NodeJS.ProcessEnv, logDir: string): Promise<void> {
    const replicas = this.options.routerReplicas ?? 1;
    if (replicas <= 1) return;
    for (let i = 2; i <= replicas; i++) {
      const routerPorts = { http: await freePort(), grpc: await freePort() };
      const ingressPorts = { http: await freePort(), grpc: await freePort() };
      const routerEnv = {
        ...env,
        ...this.identityEnv('router'),
        ROUTER_HTTP_PORT: String(routerPorts.http),
        ROUTER_GRPC_PORT: String(routerPorts.grpc),
        INSTANCE_ID: `router-${i}-${this.options.topicPrefix}`,
      };
      const ingressEnv = {
        ...env,
        ...this.identityEnv('ingress'),
        INGRESS_HTTP_PORT: String(ingressPorts.http),
        INGRESS_GRPC_PORT: String(ingressPorts.grpc),
        ROUTER_ADDRESS: `127.0.0.1:${routerPorts.grpc}`,
        INSTANCE_ID: `ingress-${i}-${this.options.topicPrefix}`,
        // A disk spool belongs to one process.
        EVENT_SPOOL_DIR: join(env['EVENT_SPOOL_DIR'] ?? '.var/spool', `replica-${i}`),
      };
      const router = new ServiceProcess('router', routerPorts, this.repoRoot, routerEnv, logDir, `router-${i}`);
      this.extraReplicas.push(router);
      await router.start();
      const ingress = new ServiceProcess('ingress', ingressPorts, this.repoRoot, ingressEnv, logDir, `ingress-${i}`);
      this.extraReplicas.push(ingress);
      await ingress.start();
    }
    this.balancer = await RoundRobinProxy.start(() => this.replicas('ingress').map((p) => p.url));
  }

  /** A service's own key; every service gets the public keys of all (SERVICE_IDENTITY_PEERS). */
  private identityEnv(name: ServiceName): NodeJS.ProcessEnv {
    return { SERVICE_IDENTITY_KEY: privateKeyText(this.serviceKeys.get(name)!) };
  }

  private environment(ports: Map<ServiceName, ServicePorts>): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env['PATH'],
      HOME: process.env['HOME'],
      KAFKA_BROKERS: this.options.kafkaBrokers ?? '127.0.0.1:19092',
      KAFKA_TOPIC_PREFIX: this.options.topicPrefix,
      CLICKHOUSE_URL: this.options.clickhouseUrl ?? 'http://127.0.0.1:18123',
      CLICKHOUSE_DATABASE: this.options.clickhouseDatabase,
      // Stored responses: the shared local Redis, keys prefixed per stack so parallel stacks never collide.
      REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:16379',
      RESPONSES_KEY_PREFIX: this.options.topicPrefix.replace(/\W+/g, ''),
      SWITCHYARD_KEKS: this.keyEncryptionKeys,
      SWITCHYARD_PSEUDONYM_KEY: this.options.endUserPseudonymKey ?? randomBytes(32).toString('base64'),
      OPERATOR_TOKEN: this.operatorToken,
      EVENT_SPOOL_DIR: join(this.repoRoot, '.var', 'spool', this.options.topicPrefix.replace(/\W+/g, '')),
      LOG_LEVEL: this.options.logLevel ?? 'info',
      SHUTDOWN_GRACE_MS: '0',
      SERVICE_IDENTITY_PEERS: [...this.serviceKeys].map(([name, key]) => `${name}=${publicKeyText(key)}`).join(','),
      ...this.options.extraEnv,
    };
    for (const [name, p] of ports) {
      env[`${SERVICE_TOPOLOGY[name].envPrefix}_HTTP_PORT`] = String(p.http);
      env[`${SERVICE_TOPOLOGY[name].envPrefix}_GRPC_PORT`] = String(p.grpc);
    }
    env['ROUTER_ADDRESS'] = `127.0.0.1:${ports.get('router')!.grpc}`;
    env['PROVIDER_ADAPTERS_ADDRESS'] = `127.0.0.1:${ports.get('provider-adapters')!.grpc}`;
    env['BUDGET_ENFORCER_ADDRESS'] = `127.0.0.1:${ports.get('budget-enforcer')!.grpc}`;
    env['AUDIT_ADDRESS'] = `127.0.0.1:${ports.get('audit')!.grpc}`;
    return env;
  }
}
