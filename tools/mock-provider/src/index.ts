import { parseBehaviourPatch, type BehaviourPatch } from './behaviour/config';
import type { JournalEntry } from './behaviour/journal';
import { DEFAULT_MODELS, type AppState } from './server/app-state';
import { listen } from './server/http-server';

export type { BehaviourConfig, BehaviourPatch, RateLimitConfig, StreamErrorConfig } from './behaviour/config';
export type { JournalEntry, FamilyName } from './behaviour/journal';
export { DIRECTIVE_HEADERS } from './behaviour/directives';
export { apiKeyIdOf } from './behaviour/usage-book';

export interface MockProviderOptions {
  /** 0 (the default here) picks a free port. */
  port?: number;
  host?: string;
  /** Server-wide behaviour defaults (same fields as PUT /_mock/config). */
  behaviour?: BehaviourPatch;
  /** Initial per-deployment behaviour, served under /d/<name>/... */
  deployments?: Record<string, BehaviourPatch>;
  /** Models listed by the model-listing routes. */
  models?: string[];
  /** When set, Bedrock SigV4 signatures are verified with this secret. */
  awsSecretAccessKey?: string;
  journalCapacity?: number;
}

export interface MockProvider {
  url: string;
  port: number;
  host: string;
  /** Direct access for in-process tests; the HTTP control API does the same things. */
  setDefaults(behaviour: BehaviourPatch): void;
  setDeployment(name: string, behaviour: BehaviourPatch): void;
  release(token: string): number;
  requests(limit?: number): JournalEntry[];
  clearRequests(): void;
  close(): Promise<void>;
}

function validated(patch: BehaviourPatch | undefined, where: string): BehaviourPatch {
  if (patch === undefined) return {};
  const result = parseBehaviourPatch(patch);
  if (!result.ok) throw new Error(`invalid ${where}: ${result.error}`);
  return result.patch;
}

export async function startMockProvider(options: MockProviderOptions = {}): Promise<MockProvider> {
  const deployments: Record<string, BehaviourPatch> = {};
  for (const [name, patch] of Object.entries(options.deployments ?? {})) {
    deployments[name] = validated(patch, `deployment ${name}`);
  }
  const host = options.host ?? '127.0.0.1';
  const running = await listen(
    {
      behaviour: validated(options.behaviour, 'behaviour'),
      deployments,
      models: options.models ?? DEFAULT_MODELS,
      aws: { secretAccessKey: options.awsSecretAccessKey },
      journalCapacity: options.journalCapacity ?? 1000,
    },
    host,
    options.port ?? 0,
  );
  const app: AppState = running.app;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${running.port}`,
    port: running.port,
    host,
    setDefaults: (behaviour) => app.scopes.setDefaults(validated(behaviour, 'behaviour')),
    setDeployment: (name, behaviour) => app.scopes.setDeployment(name, validated(behaviour, `deployment ${name}`)),
    release: (token) => app.holds.release(token),
    requests: (limit = 50) => app.journal.last(limit),
    clearRequests: () => app.journal.clear(),
    close: () => running.close(),
  };
}

// The AWS event-stream codec lives in @switchyard/providers (one implementation for the gateway and the mock).
export { crc32, decodeMessage, encodeMessage, EventStreamDecoder, headerString } from '@switchyard/providers';
export type { EventStreamMessage, HeaderValue } from '@switchyard/providers';
