import {
  Alias,
  ChatRequest,
  ChatRole,
  ConfigEvent,
  Deployment,
  Experiment,
  Feature,
  Plan,
  ProviderCredential,
  RequestContext,
  RoutingPolicy,
} from '@switchyard/contracts';
import { ConfigState } from '@switchyard/control-plane';
import type { RoutingSettings } from '../src/routing-settings';

export function deployment(id: string, fields: Partial<Deployment> = {}): Deployment {
  return Deployment.fromPartial({
    id,
    model: 'gpt-4o-mini',
    provider: 'openai',
    upstreamModel: fields.model ?? 'gpt-4o-mini',
    baseUrl: `http://mock/d/${id}/v1`,
    region: 'us-east',
    enabled: true,
    capabilities: {
      chat: true,
      streaming: true,
      vision: false,
      tools: true,
      jsonMode: true,
      embeddings: false,
      moderation: false,
      imageGeneration: false,
      speech: false,
    },
    price: {
      inputMicroUsd: 150_000,
      outputMicroUsd: 600_000,
      cachedInputMicroUsd: 0,
      cacheWriteMicroUsd: 0,
      audioMinuteMicroUsd: 0,
      millionCharactersMicroUsd: 0,
      imageMicroUsd: 0,
    },
    ...fields,
  });
}

export function context(fields: Partial<RequestContext> = {}): RequestContext {
  return RequestContext.fromPartial({ requestId: 'req_1', tenantId: 'ten_a', planId: '', deadlineAtMs: Date.now() + 60_000, ...fields });
}

export function chat(model: string, fields: Partial<ChatRequest> = {}): ChatRequest {
  return ChatRequest.fromPartial({
    model,
    messages: [{ role: ChatRole.CHAT_ROLE_USER, content: [{ part: { $case: 'text', text: 'Hello there, how are you?' } }] }],
    ...fields,
  });
}

type Entity = NonNullable<ConfigEvent['entity']>;

/** A ConfigState holding exactly these entities. */
export function stateWith(...entities: Entity[]): ConfigState {
  const state = new ConfigState();
  for (const entity of entities) state.apply(ConfigEvent.fromPartial({ entity }));
  return state;
}

export const e = {
  deployment: (d: Deployment): Entity => ({ $case: 'deployment', deployment: d }),
  alias: (a: Partial<Alias>): Entity => ({ $case: 'alias', alias: Alias.fromPartial(a) }),
  policy: (p: Partial<RoutingPolicy>): Entity => ({ $case: 'routingPolicy', routingPolicy: RoutingPolicy.fromPartial(p) }),
  experiment: (x: Partial<Experiment>): Entity => ({ $case: 'experiment', experiment: Experiment.fromPartial({ enabled: true, ...x }) }),
  plan: (p: Partial<Plan>): Entity => ({ $case: 'plan', plan: Plan.fromPartial(p) }),
  feature: (f: Partial<Feature>): Entity => ({ $case: 'feature', feature: Feature.fromPartial(f) }),
  credential: (c: Partial<ProviderCredential>): Entity => ({
    $case: 'providerCredential',
    providerCredential: ProviderCredential.fromPartial(c),
  }),
};

/** Settings sized for unit tests: small windows, quick resets, no real backoff. */
export const TEST_SETTINGS: RoutingSettings = {
  health: {
    window: { windowMs: 60_000, maxSamples: 50 },
    breaker: { minRequests: 3, errorPercent: 50, windowMs: 10_000, resetMs: 200 },
    throttle: { maxQueue: 10, defaultPauseMs: 100 },
  },
  loop: { maxAttempts: 4, retryBaseMs: 1, retryMaxMs: 5, queueMaxWaitMs: 1_000, rateLimitMaxWaitMs: 3_000 },
  shadow: { maxInFlight: 8, timeoutMs: 5_000 },
  defaultPolicy: 'reliable',
};
