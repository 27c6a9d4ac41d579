import { QuotaBook, scope } from '@switchyard/budgets';
import {
  checkedInvocation,
  DecisionAction,
  Deployment,
  ErrorClass,
  InvokeRequest,
  InvokeResponse,
  InvokeStreamEvent,
  QuotaDecision,
  QuotaDecisionBatch,
  RequestContext,
  ScopeKind,
  SpendGrant,
} from '@switchyard/contracts';
import { ConfigState } from '@switchyard/control-plane';
import { PriceResolver } from '@switchyard/pricing';
import { AttemptRefused } from '@switchyard/routing';
import type { AttemptPort } from '@switchyard/routing';
import { Registry } from 'prom-client';
import { QuotaGate } from './quota-gate';
import { ReservingAttemptPort } from './reserving-attempt-port';

const context = RequestContext.fromPartial({ tenantId: 't1', feature: 'chat', planId: 'pro', apiKeyId: 'k1' });
const tenantScope = scope(ScopeKind.SCOPE_KIND_TENANT, 't1');
const decision = (fields: Partial<QuotaDecision>) =>
  QuotaDecision.fromPartial({ decisionId: 'b|tenant:t1', budgetId: 'b', scope: tenantScope, reason: 'Budget b is used up.', ...fields });

describe('QuotaGate (pre-routing)', () => {
  const setup = (d?: QuotaDecision) => {
    const book = new QuotaBook();
    book.apply(QuotaDecisionBatch.fromPartial({ snapshot: true, decisions: d ? [d] : [], replicaCount: 1 }));
    const gate = new QuotaGate(book, new Registry());
    return (ctx: RequestContext = context) => gate.admit({ context: ctx, name: 'gpt-4o', endpoint: 'chat' });
  };

  it('lets a request through without a decision', () => {
    expect(setup()()).toEqual({ action: 'proceed' });
  });

  it('refuses a blocked scope with the reason, as quota exceeded; other tenants proceed', () => {
    const admit = setup(decision({ action: DecisionAction.DECISION_ACTION_BLOCK }));
    expect(admit()).toEqual({
      action: 'refuse',
      error: expect.objectContaining({ errorClass: ErrorClass.ERROR_CLASS_QUOTA_EXCEEDED, message: 'Budget b is used up.' }),
    });
    expect(admit({ ...context, tenantId: 't2' })).toEqual({ action: 'proceed' });
  });

  it('reroutes to the cheaper model on downgrade and labels the policy', () => {
    const admit = setup(decision({ action: DecisionAction.DECISION_ACTION_DOWNGRADE, downgradeTo: 'gpt-4o-mini' }));
    expect(admit()).toEqual({ action: 'reroute', name: 'gpt-4o-mini', policy: 'budget-downgrade' });
  });

  it('throttles beyond the rate with a retry-after', () => {
    const admit = setup(decision({ action: DecisionAction.DECISION_ACTION_THROTTLE, throttleRpm: 1 }));
    expect(admit()).toEqual({ action: 'proceed' });
    const second = admit();
    expect(second).toMatchObject({ action: 'refuse', error: { errorClass: ErrorClass.ERROR_CLASS_RATE_LIMITED } });
    expect(second.action === 'refuse' ? second.error.retryAfterMs : 0).toBeGreaterThan(1_000);
  });
});

describe('ReservingAttemptPort', () => {
  const deployments = new ConfigState();
  deployments.apply({
    entity: {
      $case: 'deployment',
      deployment: Deployment.fromPartial({
        id: 'd1',
        provider: 'openai',
        upstreamModel: 'm',
        enabled: true,
        price: { inputMicroUsd: 10_000_000, outputMicroUsd: 30_000_000 },
      }),
    },
    deleted: false,
  });
  const invocation = (attemptId: string) =>
    checkedInvocation(
      InvokeRequest.fromPartial({
        context,
        target: { deploymentId: 'd1', provider: 'openai', upstreamModel: 'm' },
        request: { model: 'x', maxTokens: 10, messages: [{ content: [{ part: { $case: 'text', text: 'hi' } }] }] },
        attempt: { attemptId, number: 1 },
      }),
    );
  const setup = (granted: number) => {
    const book = new QuotaBook();
    const grant = SpendGrant.fromPartial({
      grantKey: 'g',
      budgetId: 'b',
      scope: tenantScope,
      grantedMicroUsd: granted,
      expiresAtMs: Date.now() + 60_000,
    });
    book.apply(QuotaDecisionBatch.fromPartial({ snapshot: true, grants: [grant] }));
    const sent: InvokeRequest[] = [];
    const inner: AttemptPort = {
      invoke: async (r) => {
        sent.push(r);
        return InvokeResponse.fromPartial({ outcome: { $case: 'response', response: {} } });
      },
      invokeStream: async function* (r) {
        sent.push(r);
        yield InvokeStreamEvent.fromPartial({});
      },
      embed: async () => ({ outcome: undefined, latencyMs: 0, rateLimit: undefined, upstreamUs: 0 }),
      moderate: async () => ({ outcome: undefined, latencyMs: 0, rateLimit: undefined, upstreamUs: 0 }),
      countTokens: async () => ({ outcome: undefined, latencyMs: 0, rateLimit: undefined, upstreamUs: 0 }),
      transcribe: async () => ({ outcome: undefined, latencyMs: 0, rateLimit: undefined, upstreamUs: 0 }),
      generateImage: async () => ({ outcome: undefined, latencyMs: 0, rateLimit: undefined, upstreamUs: 0 }),
      audioStream: async function* (r) {
        sent.push(r as unknown as InvokeRequest);
        yield {};
      },
    };
    return {
      book,
      sent,
      port: new ReservingAttemptPort(inner, book, 'router-1', new PriceResolver(deployments), deployments, new Registry(), 20),
    };
  };

  it('reserves the estimate, stamps the attempt with this replica, and refuses without credit', async () => {
    const { book, sent, port } = setup(500);
    await port.invoke(invocation('a1'));
    expect(sent[0]?.attempt?.quotaHolder).toBe('router-1');
    // estimate: (4 + 4 + 2) input tokens x $10/M + 10 output x $30/M = 100 + 300 micro-USD.
    expect(book.remaining('g')).toBe(100);
    await port.invoke(invocation('a2'));
    // Refused as the caller's own limit: the executor ends the request, no deployment throttle or breaker reacts.
    const refused = await port.invoke(invocation('a3')).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AttemptRefused);
    expect((refused as AttemptRefused).error).toMatchObject({ errorClass: ErrorClass.ERROR_CLASS_RATE_LIMITED, retryAfterMs: 1_000 });
    expect(sent).toHaveLength(2);
  });

  it('refuses a stream before it opens, so the executor never reaches a provider', async () => {
    const { sent, port } = setup(0);
    const stream = port.invokeStream(invocation('s1'), new AbortController().signal)[Symbol.asyncIterator]();
    await expect(stream.next()).rejects.toBeInstanceOf(AttemptRefused);
    expect(sent).toHaveLength(0);
  });

  it('leaves attempts of scopes without a grant unstamped', async () => {
    const { sent, port } = setup(500);
    await port.invoke({ ...invocation('o1'), context: { ...context, tenantId: 'other' } });
    expect(sent[0]?.attempt?.quotaHolder).toBe('');
  });
});
