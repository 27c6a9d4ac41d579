import { ErrorClass, ErrorInfo, RoutingObjective } from '@switchyard/contracts';
import type { RoutedChatStreamEvent } from '@switchyard/contracts';
import { chat, context, deployment, e, stateWith, TEST_SETTINGS } from '../../test/fixtures';
import { FakePort } from '../../test/fake-port';
import { createRouting, Routing } from '../routing';
import type { RoutingSettings } from '../routing-settings';
import { AttemptRefused } from './attempt-port';
import type { AttemptPort } from './attempt-port';
import type { RequestGate } from './request-gate';

const primary = deployment('primary');
const backup = deployment('backup');

function setup(
  port: FakePort,
  extra: Parameters<typeof stateWith> = [],
  settings: RoutingSettings = TEST_SETTINGS,
  gate?: RequestGate,
): Routing {
  const state = stateWith(
    e.deployment(primary),
    e.deployment(backup),
    e.alias({ id: 'chat-default', chain: ['primary', 'backup'] }),
    ...extra,
  );
  return createRouting(state, port, settings, { gate });
}

async function collect(events: AsyncIterable<RoutedChatStreamEvent>): Promise<RoutedChatStreamEvent[]> {
  const out: RoutedChatStreamEvent[] = [];
  for await (const ev of events) out.push(ev);
  return out;
}

describe('RouteExecutor', () => {
  let routing: Routing;
  afterEach(() => routing?.shutdown());

  it('fails over to the next deployment of the chain when the primary is down', async () => {
    const port = new FakePort();
    port.set('primary', { error: ErrorClass.ERROR_CLASS_UPSTREAM_5XX, status: 503 });
    routing = setup(port);
    const res = await routing.executor.chat({ context: context(), request: chat('chat-default') });
    expect(res.outcome?.$case).toBe('response');
    expect(res.trace).toMatchObject({ deploymentId: 'backup', attempts: 2, alias: 'chat-default', policy: 'reliable' });
    expect(res.trace?.attemptRecords.map((a) => [a.deploymentId, a.upstreamStatus])).toEqual([
      ['primary', 503],
      ['backup', 200],
    ]);
  });

  it("ends the request at once when the caller's own limit refuses the attempt, leaving the deployment untouched", async () => {
    const port = new FakePort();
    let refuse = true;
    const refusing: AttemptPort = {
      invoke: (request) => {
        if (refuse)
          return Promise.reject(
            new AttemptRefused(
              ErrorInfo.fromPartial({ errorClass: ErrorClass.ERROR_CLASS_RATE_LIMITED, message: 'no budget credit', retryAfterMs: 1_000 }),
            ),
          );
        return port.invoke(request);
      },
      invokeStream: (request) => port.invokeStream(request),
      embed: (request) => port.embed(request),
      moderate: (request) => port.moderate(request),
      countTokens: (request) => port.countTokens(request),
      transcribe: (request) => port.transcribe(request),
      generateImage: (request) => port.generateImage(request),
      audioStream: (request) => port.audioStream(request),
    };
    routing = setup(port);
    routing = createRouting(
      stateWith(e.deployment(primary), e.deployment(backup), e.alias({ id: 'chat-default', chain: ['primary', 'backup'] })),
      refusing,
      TEST_SETTINGS,
    );
    const refused = await routing.executor.chat({ context: context(), request: chat('chat-default') });
    expect(refused.outcome).toMatchObject({ $case: 'error', error: { message: 'no budget credit' } });
    expect(refused.trace?.attempts).toBe(1);
    // The refusal was not taken for the provider's rate limit: the deployment is not held back.
    expect(routing.health.throttle(primary).msUntilAvailable({ tokens: 1 })).toBe(0);
    refuse = false;
    const served = await routing.executor.chat({ context: context(), request: chat('chat-default') });
    expect(served.outcome?.$case).toBe('response');
    expect(served.trace?.deploymentId).toBe('primary');
  });

  it('returns input errors at once, without failover or retry', async () => {
    const port = new FakePort();
    port.set('primary', { error: ErrorClass.ERROR_CLASS_CONTEXT_LENGTH, status: 400 });
    routing = setup(port);
    const res = await routing.executor.chat({ context: context(), request: chat('chat-default') });
    expect(res.outcome?.$case === 'error' && res.outcome.error.errorClass).toBe(ErrorClass.ERROR_CLASS_CONTEXT_LENGTH);
    expect(port.calls).toHaveLength(1);
  });

  it('retries the chain after a jittered backoff when every deployment failed transiently', async () => {
    const port = new FakePort();
    port.set('primary', { error: ErrorClass.ERROR_CLASS_UPSTREAM_5XX, failTimes: 1 });
    port.set('backup', { error: ErrorClass.ERROR_CLASS_NETWORK, failTimes: 5 });
    routing = setup(port);
    const res = await routing.executor.chat({ context: context(), request: chat('chat-default') });
    expect(res.outcome?.$case).toBe('response');
    expect(res.trace?.attemptRecords.map((a) => a.deploymentId)).toEqual(['primary', 'backup', 'primary']);
  });

  it('fails over but never retries a deployment that cannot serve (bad credentials)', async () => {
    const port = new FakePort();
    port.set('primary', { error: ErrorClass.ERROR_CLASS_AUTH, status: 401 });
    port.set('backup', { error: ErrorClass.ERROR_CLASS_UPSTREAM_5XX });
    routing = setup(port);
    const res = await routing.executor.chat({ context: context(), request: chat('chat-default') });
    expect(res.outcome?.$case).toBe('error');
    expect(res.trace?.attemptRecords.map((a) => a.deploymentId)).toEqual(['primary', 'backup', 'backup', 'backup']);
  });

  it('stops at the request deadline', async () => {
    const port = new FakePort();
    port.set('primary', { error: ErrorClass.ERROR_CLASS_UPSTREAM_5XX, latencyMs: 30 });
    port.set('backup', { error: ErrorClass.ERROR_CLASS_UPSTREAM_5XX, latencyMs: 30 });
    routing = setup(port, [], { ...TEST_SETTINGS, loop: { ...TEST_SETTINGS.loop, maxAttempts: 20 } });
    const res = await routing.executor.chat({ context: context({ deadlineAtMs: Date.now() + 100 }), request: chat('chat-default') });
    expect(res.outcome?.$case === 'error' && res.outcome.error.errorClass).toBe(ErrorClass.ERROR_CLASS_TIMEOUT);
    expect(res.trace!.attempts).toBeLessThan(6);
  });

  it('treats a deadline of 0 as none', async () => {
    const port = new FakePort();
    routing = setup(port);
    const res = await routing.executor.chat({ context: context({ deadlineAtMs: 0 }), request: chat('chat-default') });
    expect(res.outcome?.$case).toBe('response');
  });

  it('opens the breaker after the configured failures: the dead primary is skipped, then probed and closed after recovery', async () => {
    const port = new FakePort();
    port.set('primary', { error: ErrorClass.ERROR_CLASS_UPSTREAM_5XX });
    routing = setup(port);
    const send = () => routing.executor.chat({ context: context(), request: chat('chat-default') });
    for (let i = 0; i < 3; i++) expect((await send()).trace?.attempts).toBe(2);
    expect(routing.health.figures('primary').breaker).toBe('open');
    const skipped = await send();
    expect(skipped.trace?.attemptRecords.map((a) => a.deploymentId)).toEqual(['backup']);
    port.set('primary', {});
    await new Promise((r) => setTimeout(r, TEST_SETTINGS.health.breaker.resetMs + 30));
    expect(routing.health.figures('primary').breaker).toBe('half-open');
    const probe = await send();
    expect(probe.trace?.deploymentId).toBe('primary');
    expect(routing.health.figures('primary').breaker).toBe('closed');
  });

  it("answers 503 with a retry-after when every candidate's breaker is open", async () => {
    const port = new FakePort();
    port.set('primary', { error: ErrorClass.ERROR_CLASS_UPSTREAM_5XX });
    port.set('backup', { error: ErrorClass.ERROR_CLASS_UPSTREAM_5XX });
    routing = setup(port, [], { ...TEST_SETTINGS, loop: { ...TEST_SETTINGS.loop, maxAttempts: 2 } });
    for (let i = 0; i < 3; i++) await routing.executor.chat({ context: context(), request: chat('chat-default') });
    const before = port.calls.length;
    const res = await routing.executor.chat({ context: context(), request: chat('chat-default') });
    expect(port.calls).toHaveLength(before);
    expect(res.outcome?.$case === 'error' && res.outcome.error).toMatchObject({ errorClass: ErrorClass.ERROR_CLASS_NO_DEPLOYMENT });
    expect(res.outcome?.$case === 'error' && res.outcome.error.retryAfterMs).toBeGreaterThanOrEqual(1000);
  });

  it('smooths a provider 429 into a wait (recorded as queue wait) when no other deployment is free', async () => {
    const port = new FakePort();
    port.set('primary', { error: ErrorClass.ERROR_CLASS_RATE_LIMITED, status: 429, retryAfterMs: 150, failTimes: 1 });
    routing = setup(port, [e.alias({ id: 'solo', chain: ['primary'] })]);
    const started = Date.now();
    const res = await routing.executor.chat({ context: context(), request: chat('solo') });
    expect(res.outcome?.$case).toBe('response');
    expect(res.trace?.attempts).toBe(2);
    expect(res.trace!.queueWaitMs).toBeGreaterThanOrEqual(120);
    expect(Date.now() - started).toBeGreaterThanOrEqual(120);
  });

  it('does not spend ROUTER_MAX_ATTEMPTS on provider 429s it waits out', async () => {
    const port = new FakePort();
    port.set('primary', { error: ErrorClass.ERROR_CLASS_RATE_LIMITED, status: 429, retryAfterMs: 20, failTimes: 3 });
    const settings = { ...TEST_SETTINGS, loop: { ...TEST_SETTINGS.loop, maxAttempts: 2 } };
    routing = setup(port, [e.alias({ id: 'solo', chain: ['primary'] })], settings);
    const res = await routing.executor.chat({ context: context(), request: chat('solo') });
    expect(res.outcome?.$case).toBe('response');
    expect(res.trace?.attempts).toBe(4);
    expect(res.trace!.queueWaitMs).toBeGreaterThanOrEqual(45);
  });

  it('bounds the total rate-limit wait of a request by its own setting, and then answers 429', async () => {
    const port = new FakePort();
    port.set('primary', { error: ErrorClass.ERROR_CLASS_RATE_LIMITED, status: 429, retryAfterMs: 40 });
    const settings = { ...TEST_SETTINGS, loop: { ...TEST_SETTINGS.loop, maxAttempts: 20, rateLimitMaxWaitMs: 100 } };
    routing = setup(port, [e.alias({ id: 'solo', chain: ['primary'] })], settings);
    const res = await routing.executor.chat({ context: context(), request: chat('solo') });
    const error = res.outcome?.$case === 'error' ? res.outcome.error : undefined;
    expect(error?.errorClass).toBe(ErrorClass.ERROR_CLASS_RATE_LIMITED);
    expect(res.trace!.queueWaitMs).toBeLessThanOrEqual(100);
    expect(port.calls.length).toBeGreaterThanOrEqual(2);
    expect(port.calls.length).toBeLessThanOrEqual(4);
  });

  it('counts a provider 429 that left no pause to wait out as an attempt', async () => {
    const port = new FakePort();
    port.set('primary', { error: ErrorClass.ERROR_CLASS_RATE_LIMITED, status: 429 });
    const settings = {
      ...TEST_SETTINGS,
      health: { ...TEST_SETTINGS.health, throttle: { ...TEST_SETTINGS.health.throttle, defaultPauseMs: 0 } },
      loop: { ...TEST_SETTINGS.loop, maxAttempts: 3 },
    };
    routing = setup(port, [e.alias({ id: 'solo', chain: ['primary'] })], settings);
    const res = await routing.executor.chat({ context: context(), request: chat('solo') });
    expect(res.outcome?.$case).toBe('error');
    expect(port.calls).toHaveLength(3);
  });

  it('fails over at once from a rate-limited deployment when another has capacity', async () => {
    const port = new FakePort();
    port.set('primary', { error: ErrorClass.ERROR_CLASS_RATE_LIMITED, status: 429, retryAfterMs: 60_000 });
    routing = setup(port);
    const res = await routing.executor.chat({ context: context(), request: chat('chat-default') });
    expect(res.trace).toMatchObject({ deploymentId: 'backup', attempts: 2, queueWaitMs: 0 });
    const next = await routing.executor.chat({ context: context(), request: chat('chat-default') });
    expect(next.trace?.attemptRecords.map((a) => a.deploymentId)).toEqual(['backup']);
  });

  it('refuses with 429 and a retry-after when the wait would exceed the limit', async () => {
    const port = new FakePort();
    port.set('primary', { error: ErrorClass.ERROR_CLASS_RATE_LIMITED, status: 429, retryAfterMs: 5_000 });
    routing = setup(port, [e.alias({ id: 'solo', chain: ['primary'] })]);
    const res = await routing.executor.chat({ context: context(), request: chat('solo') });
    const error = res.outcome?.$case === 'error' ? res.outcome.error : undefined;
    expect(error?.errorClass).toBe(ErrorClass.ERROR_CLASS_RATE_LIMITED);
    expect(error?.retryAfterMs).toBeGreaterThanOrEqual(4_900);
    expect(error?.message).toMatch(/rate limit; retry in 5 s/);
    expect(port.calls).toHaveLength(1);
  });

  it('queues requests beyond the catalog RPM instead of bouncing them', async () => {
    const port = new FakePort();
    const limited = deployment('limited', { rpmLimit: 600 });
    routing = createRouting(stateWith(e.deployment(limited)), port, TEST_SETTINGS);
    const results = await Promise.all(
      Array.from({ length: 603 }, () => routing.executor.chat({ context: context(), request: chat('limited') })),
    );
    expect(results.every((r) => r.outcome?.$case === 'response')).toBe(true);
    const waits = results.map((r) => r.trace!.queueWaitMs).sort((a, b) => a - b);
    expect(waits[599]).toBe(0);
    expect(waits[602]).toBeGreaterThanOrEqual(250);
  });

  it('marks attempts with the arm, and sends shadow copies without touching the answer or its latency', async () => {
    const port = new FakePort();
    port.set('shadow-d', { latencyMs: 1_000 });
    const shadowD = deployment('shadow-d', { model: 'gpt-4o' });
    routing = setup(port, [
      e.deployment(shadowD),
      e.experiment({
        id: 'x',
        aliasId: 'chat-default',
        arms: [
          { name: 'control', target: 'primary', weight: 1, shadow: false, shadowPercent: 0 },
          { name: 'shadow', target: 'shadow-d', weight: 0, shadow: true, shadowPercent: 100 },
        ],
      }),
    ]);
    const started = Date.now();
    const res = await routing.executor.chat({ context: context({ endUser: 'u1' }), request: chat('chat-default') });
    // The caller is answered while the (slow) shadow copy is still out.
    expect(Date.now() - started).toBeLessThan(900);
    expect(res.outcome?.$case === 'response' && res.outcome.response.choices[0]?.content).toBe('answer from primary');
    expect(res.trace).toMatchObject({ arm: 'control', deploymentId: 'primary' });
    expect(port.callsTo('primary')[0]?.attempt).toMatchObject({ arm: 'control', shadow: false });
    await new Promise((r) => setImmediate(r));
    const copy = port.callsTo('shadow-d')[0];
    expect(copy?.attempt).toMatchObject({ arm: 'shadow', shadow: true, alias: 'chat-default' });
    expect(copy?.request?.stream).toBe(false);
    expect(routing.shadows.pending).toBe(1);
    while (routing.shadows.pending > 0) await new Promise((r) => setTimeout(r, 50));
    expect(routing.health.figures('shadow-d').samples).toBe(1);
  });

  it('A/B: 2,000 requests from 400 users split by weight within tolerance, each user sticky to one arm and its deployment', async () => {
    const port = new FakePort();
    routing = setup(port, [
      e.deployment(deployment('candidate-d')),
      e.experiment({
        id: 'split',
        aliasId: 'chat-default',
        arms: [
          { name: 'control', target: 'primary', weight: 80, shadow: false, shadowPercent: 0 },
          { name: 'candidate', target: 'candidate-d', weight: 20, shadow: false, shadowPercent: 0 },
        ],
      }),
    ]);
    const armOf = new Map<string, string>();
    const counts: Record<string, number> = { control: 0, candidate: 0 };
    for (let i = 0; i < 2_000; i++) {
      const user = `user-${i % 400}`;
      const res = await routing.executor.chat({
        context: context({ requestId: `req-${i}`, endUser: user }),
        request: chat('chat-default'),
      });
      const arm = res.trace!.arm;
      expect(res.trace!.deploymentId).toBe(arm === 'control' ? 'primary' : 'candidate-d');
      if (armOf.has(user)) expect(arm).toBe(armOf.get(user));
      armOf.set(user, arm);
      counts[arm]! += 1;
    }
    // 400 users at p = 0.2: sd of the candidate share is 2 points; allow 3 sd.
    expect(counts['candidate']! / 2_000).toBeGreaterThan(0.14);
    expect(counts['candidate']! / 2_000).toBeLessThan(0.26);
    expect(port.callsTo('candidate-d').every((c) => c.attempt?.arm === 'candidate')).toBe(true);
  });

  it('drops shadow copies beyond the in-flight cap', async () => {
    const port = new FakePort();
    port.set('shadow-d', { latencyMs: 200 });
    routing = setup(
      port,
      [
        e.deployment(deployment('shadow-d')),
        e.experiment({
          id: 'x',
          aliasId: 'chat-default',
          arms: [
            { name: 'c', target: 'primary', weight: 1, shadow: false, shadowPercent: 0 },
            { name: 's', target: 'shadow-d', weight: 0, shadow: true, shadowPercent: 100 },
          ],
        }),
      ],
      { ...TEST_SETTINGS, shadow: { maxInFlight: 2, timeoutMs: 1_000 } },
    );
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        routing.executor.chat({ context: context({ requestId: `r${i}` }), request: chat('chat-default') }),
      ),
    );
    await new Promise((r) => setImmediate(r));
    expect(port.callsTo('shadow-d')).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 250));
  });

  it('streams: fails over before the first token', async () => {
    const port = new FakePort();
    port.set('primary', { error: ErrorClass.ERROR_CLASS_UPSTREAM_5XX, status: 529 });
    routing = setup(port);
    const events = await collect(
      routing.executor.chatStream({ context: context(), request: chat('chat-default', { stream: true }) }, new AbortController().signal),
    );
    expect(events[0]?.event?.$case).toBe('started');
    expect(events[0]?.event?.$case === 'started' && events[0].event.started.trace?.deploymentId).toBe('backup');
    expect(events.filter((ev) => ev.event?.$case === 'chunk')).toHaveLength(4);
  });

  it('streams: after the first token, a failure ends the stream with an error event (no failover)', async () => {
    const port = new FakePort();
    port.set('primary', { breakAfterChunks: 1 });
    routing = setup(port);
    const events = await collect(
      routing.executor.chatStream({ context: context(), request: chat('chat-default', { stream: true }) }, new AbortController().signal),
    );
    const last = events[events.length - 1]?.event;
    expect(last?.$case === 'chunk' && last.chunk.event?.$case === 'error' && last.chunk.event.error.errorClass).toBe(
      ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED,
    );
    expect(port.callsTo('backup')).toHaveLength(0);
  });

  it('streams: fails with the last error when no deployment produced a first token', async () => {
    const port = new FakePort();
    port.set('primary', { error: ErrorClass.ERROR_CLASS_INVALID_REQUEST, status: 400 });
    routing = setup(port);
    const events = await collect(
      routing.executor.chatStream({ context: context(), request: chat('chat-default', { stream: true }) }, new AbortController().signal),
    );
    expect(events).toHaveLength(1);
    expect(events[0]?.event?.$case === 'failed' && events[0].event.failed.error?.errorClass).toBe(ErrorClass.ERROR_CLASS_INVALID_REQUEST);
  });

  it('treats provider-adapters being unreachable as retryable, without blaming the deployment', async () => {
    const port = new FakePort();
    port.set('primary', { unreachable: true });
    port.set('backup', { unreachable: true });
    routing = setup(port);
    for (let i = 0; i < 3; i++) await routing.executor.chat({ context: context(), request: chat('chat-default') });
    expect(routing.health.figures('primary')).toMatchObject({ breaker: 'closed', samples: 0 });
  });

  it('policy:fastest moves traffic when a deployment gets slower', async () => {
    const port = new FakePort();
    // A virtual clock: each call "takes" its deployment's latency, whatever the machine's load.
    let clock = 1_000_000;
    const latency: Record<string, number> = { a: 5, b: 150 };
    port.onCall = (id) => (clock += latency[id] ?? 0);
    routing = createRouting(stateWith(e.deployment(deployment('a')), e.deployment(deployment('b'))), port, TEST_SETTINGS, {
      now: () => clock,
    });
    const served = async (n: number) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        ids.push(
          (await routing.executor.chat({ context: context({ deadlineAtMs: 0 }), request: chat('policy:fastest') })).trace!.deploymentId,
        );
        clock += 300; // past the figures' 250 ms cache
      }
      return ids;
    };
    // Both unknown: a (by id), then b (explored while it has no figures), then the faster a.
    expect(await served(6)).toEqual(['a', 'b', 'a', 'a', 'a', 'a']);
    latency['a'] = 400;
    expect(await served(5)).toEqual(['a', 'b', 'b', 'b', 'b']);
    expect(routing.health.figures('a').p95LatencyMs).toBe(400);
  });

  it('policy:cheapest follows the price table', async () => {
    const port = new FakePort();
    const price = (input: number, output: number) => ({
      price: {
        inputMicroUsd: input,
        outputMicroUsd: output,
        cachedInputMicroUsd: 0,
        cacheWriteMicroUsd: 0,
        audioMinuteMicroUsd: 0,
        millionCharactersMicroUsd: 0,
        imageMicroUsd: 0,
      },
    });
    routing = createRouting(
      stateWith(
        e.deployment(deployment('big', { model: 'gpt-4o', modelClass: 'chat', ...price(2_500_000, 10_000_000) })),
        e.deployment(deployment('nano', { model: 'gpt-4.1-nano', modelClass: 'chat', ...price(100_000, 400_000) })),
      ),
      port,
      TEST_SETTINGS,
    );
    const res = await routing.executor.chat({ context: context(), request: chat('policy:cheapest') });
    expect(res.trace).toMatchObject({ deploymentId: 'nano', policy: 'cheapest', candidates: ['gpt-4.1-nano', 'gpt-4o'] });
  });

  it('consults the gate before planning: refuse or reroute', async () => {
    const port = new FakePort();
    const gate: RequestGate = {
      admit: ({ name }) =>
        name === 'blocked'
          ? {
              action: 'refuse',
              error: ErrorInfo.fromPartial({ errorClass: ErrorClass.ERROR_CLASS_QUOTA_EXCEEDED, message: 'budget exhausted' }),
            }
          : name === 'chat-default'
            ? { action: 'reroute', name: 'backup' }
            : { action: 'proceed' },
    };
    routing = setup(port, [e.alias({ id: 'blocked', chain: ['primary'] })], TEST_SETTINGS, gate);
    const refused = await routing.executor.chat({ context: context(), request: chat('blocked') });
    expect(refused.outcome?.$case === 'error' && refused.outcome.error.message).toBe('budget exhausted');
    expect(port.calls).toHaveLength(0);
    const rerouted = await routing.executor.chat({ context: context(), request: chat('chat-default') });
    expect(rerouted.trace?.deploymentId).toBe('backup');
  });

  it('refuses a model outside the plan before anything is sent', async () => {
    const port = new FakePort();
    routing = setup(port, [
      e.plan({ id: 'free', name: 'Free', allowedModels: ['chat-default'] }),
      e.policy({ id: 'x', objective: RoutingObjective.ROUTING_OBJECTIVE_COST }),
    ]);
    const res = await routing.executor.chat({ context: context({ planId: 'free' }), request: chat('primary') });
    expect(res.outcome?.$case === 'error' && res.outcome.error.errorClass).toBe(ErrorClass.ERROR_CLASS_PERMISSION_DENIED);
    expect(port.calls).toHaveLength(0);
  });

  it('embeddings fail over like chat', async () => {
    const port = new FakePort();
    const caps = {
      chat: false,
      streaming: false,
      vision: false,
      tools: false,
      jsonMode: false,
      embeddings: true,
      moderation: false,
      transcription: false,
      imageGeneration: false,
      speech: false,
    };
    routing = createRouting(
      stateWith(
        e.deployment(deployment('e1', { model: 'emb', capabilities: caps })),
        e.deployment(deployment('e2', { model: 'emb', capabilities: caps })),
      ),
      port,
      TEST_SETTINGS,
    );
    port.set('e1', { error: ErrorClass.ERROR_CLASS_UPSTREAM_5XX });
    const res = await routing.executor.embed({ context: context(), request: { model: 'emb', inputs: ['x'], endUser: '' } });
    expect(res.outcome?.$case).toBe('response');
    expect(res.trace?.attemptRecords.map((a) => a.deploymentId)).toEqual(['e1', 'e2']);
  });

  it('streams speech like chat: fails over before the first byte, refuses a model that cannot speak, stamps the cost on its usage', async () => {
    const port = new FakePort();
    const speech = {
      chat: false,
      streaming: false,
      vision: false,
      tools: false,
      jsonMode: false,
      embeddings: false,
      moderation: false,
      transcription: false,
      imageGeneration: false,
      speech: true,
    };
    routing = createRouting(
      stateWith(
        e.deployment(deployment('s1', { model: 'tts', capabilities: speech })),
        e.deployment(deployment('s2', { model: 'tts', capabilities: speech })),
        e.deployment(primary),
      ),
      port,
      TEST_SETTINGS,
    );
    port.set('s1', { error: ErrorClass.ERROR_CLASS_UPSTREAM_5XX, status: 503 });
    port.set('s2', { cost: { microUsd: 2, nanoUsd: 2_000 } });
    const request = {
      $case: 'speech' as const,
      speech: { model: 'tts', input: 'hi', voice: 'alloy', responseFormat: '', instructions: '', endUser: '' },
    };
    const events = [];
    for await (const ev of routing.executor.audioStream({ context: context(), request }, new AbortController().signal)) events.push(ev);
    expect(events.map((ev) => ev.event?.$case)).toEqual(['started', 'chunk', 'chunk', 'chunk', 'chunk']);
    const started = events[0]?.event;
    expect(started?.$case === 'started' && started.started.trace?.attemptRecords.map((a) => a.deploymentId)).toEqual(['s1', 's2']);
    const last = events[4]?.event;
    expect(last?.$case === 'chunk' && last.chunk.event?.$case === 'usage' && last.chunk.event.usage.cost).toEqual({
      microUsd: 2,
      nanoUsd: 2_000,
    });

    const refused = [];
    const chatModel = { ...request, speech: { ...request.speech, model: 'primary' } };
    for await (const ev of routing.executor.audioStream({ context: context(), request: chatModel }, new AbortController().signal))
      refused.push(ev);
    const failed = refused[0]?.event;
    expect(failed?.$case === 'failed' && failed.failed.error?.errorClass).toBe(ErrorClass.ERROR_CLASS_UNSUPPORTED);
  });
});
