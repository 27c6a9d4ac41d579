import { DecisionAction, QuotaDecision, QuotaDecisionBatch, ScopeKind, SpendGrant } from '@switchyard/contracts';
import { scope } from '../model/scope';
import { QuotaBook } from './quota-book';

const ctx = { tenantId: 't1', feature: 'chat', planId: 'pro', apiKeyId: 'k1' };
const other = { ...ctx, tenantId: 't2' };
const decision = (fields: Partial<QuotaDecision>) =>
  QuotaDecision.fromPartial({ scope: scope(ScopeKind.SCOPE_KIND_TENANT, 't1'), decisionId: 'b|tenant:t1', ...fields });
const grant = (granted: number, settled = 0) =>
  SpendGrant.fromPartial({
    grantKey: 'b|tenant:t1|month:2026-11',
    budgetId: 'b',
    scope: scope(ScopeKind.SCOPE_KIND_TENANT, 't1'),
    grantedMicroUsd: granted,
    settledMicroUsd: settled,
    expiresAtMs: 10_000,
  });
const batch = (fields: Partial<QuotaDecisionBatch>) => QuotaDecisionBatch.fromPartial(fields);
/** Milliseconds since the test started: real waits, but inside the grants' window. */
const clock = () => {
  const started = Date.now();
  return () => Date.now() - started;
};

describe('QuotaBook decisions', () => {
  it("applies the most severe decision of the request's scopes, and only to them", () => {
    const book = new QuotaBook();
    book.apply(
      batch({ snapshot: true, decisions: [decision({ action: DecisionAction.DECISION_ACTION_DOWNGRADE, downgradeTo: 'small' })] }),
    );
    expect(book.verdict(ctx, 0)).toMatchObject({ kind: 'downgrade', to: 'small' });
    book.apply(
      batch({
        decisions: [
          decision({
            decisionId: 'f|feature:t1/chat',
            scope: scope(ScopeKind.SCOPE_KIND_FEATURE, 't1', { feature: 'chat' }),
            action: DecisionAction.DECISION_ACTION_BLOCK,
          }),
        ],
      }),
    );
    expect(book.verdict(ctx, 0).kind).toBe('block');
    expect(book.verdict({ ...ctx, feature: 'other' }, 0).kind).toBe('downgrade');
    expect(book.verdict(other, 0).kind).toBe('allow');
  });

  it('lifts a decision on ALLOW, on expiry, and replaces everything on a snapshot', () => {
    const book = new QuotaBook();
    book.apply(batch({ decisions: [decision({ action: DecisionAction.DECISION_ACTION_BLOCK, expiresAtMs: 100 })] }));
    expect(book.verdict(ctx, 99).kind).toBe('block');
    expect(book.verdict(ctx, 100).kind).toBe('allow');
    book.apply(batch({ decisions: [decision({ action: DecisionAction.DECISION_ACTION_BLOCK })] }));
    book.apply(batch({ decisions: [decision({ action: DecisionAction.DECISION_ACTION_ALLOW })] }));
    expect(book.verdict(ctx, 0).kind).toBe('allow');
    book.apply(batch({ decisions: [decision({ action: DecisionAction.DECISION_ACTION_BLOCK })] }));
    book.apply(batch({ snapshot: true }));
    expect(book.verdict(ctx, 0).kind).toBe('allow');
  });

  it("throttles to this replica's share of the rate", () => {
    const book = new QuotaBook();
    book.apply(batch({ replicaCount: 2, decisions: [decision({ action: DecisionAction.DECISION_ACTION_THROTTLE, throttleRpm: 6 })] }));
    const verdicts = Array.from({ length: 4 }, () => book.verdict(ctx, 1_000).kind);
    expect(verdicts).toEqual(['allow', 'allow', 'allow', 'throttled']);
    expect(book.verdict(ctx, 1_000)).toMatchObject({ kind: 'throttled', retryAfterMs: 20_000 });
    expect(book.verdict(ctx, 21_000).kind).toBe('allow');
  });
});

describe('QuotaBook reservations', () => {
  it('admits while credit remains, reserving each estimate, and refuses once it is used up', () => {
    const book = new QuotaBook();
    book.apply(batch({ snapshot: true, grants: [grant(1_000)] }));
    expect(book.reserve('a1', ctx, 600, 0)).toEqual({ ok: true, reserved: true });
    // 400 left: admitted although the estimate is larger (this is the per-replica overshoot of the bound).
    expect(book.reserve('a2', ctx, 600, 0)).toEqual({ ok: true, reserved: true });
    expect(book.reserve('a3', ctx, 1, 0)).toMatchObject({ ok: false });
    expect(book.reserve('x', other, 600, 0)).toEqual({ ok: true, reserved: false });
  });

  it('settles reservations with the counted spend in the same batch', () => {
    const book = new QuotaBook();
    book.apply(batch({ snapshot: true, grants: [grant(1_000)] }));
    book.reserve('a1', ctx, 600, 0);
    book.reserve('a2', ctx, 600, 0);
    book.apply(batch({ grants: [grant(1_000, 450)], settledAttemptIds: ['a1'] }));
    expect(book.remaining('b|tenant:t1|month:2026-11')).toBe(1_000 - 450 - 600);
    book.apply(batch({ grants: [grant(2_000, 900)], settledAttemptIds: ['a2'] }));
    expect(book.remaining('b|tenant:t1|month:2026-11')).toBe(1_100);
    expect(book.reservationCount).toBe(0);
  });

  it('keeps open reservations across a snapshot and reports them for resubscription', () => {
    const book = new QuotaBook();
    book.apply(batch({ snapshot: true, grants: [grant(1_000)] }));
    book.reserve('a1', ctx, 300, 0);
    expect(book.openReservations()).toEqual(['a1']);
    expect(book.heldGrants()).toEqual([{ grantKey: 'b|tenant:t1|month:2026-11', grantedMicroUsd: 1_000 }]);
    book.apply(batch({ snapshot: true, grants: [grant(1_000, 0)] }));
    expect(book.remaining('b|tenant:t1|month:2026-11')).toBe(700);
  });

  it('ignores grants of ended windows and expires reservations never settled', () => {
    const book = new QuotaBook();
    book.apply(batch({ snapshot: true, grants: [grant(0)] }));
    expect(book.reserve('a0', ctx, 10, 10_000)).toEqual({ ok: true, reserved: false });
    book.apply(batch({ grants: [grant(500)] }));
    book.reserve('a1', ctx, 300, 0);
    book.finish('a1', 1_000);
    expect(book.expire(50_000, 60_000)).toBe(0);
    expect(book.expire(61_001, 60_000)).toBe(1);
    expect(book.remaining('b|tenant:t1|month:2026-11')).toBe(500);
  });

  it("waits for its own in-flight spend to settle instead of refusing while the budget's money covers the request", async () => {
    const book = new QuotaBook();
    const now = clock();
    // A grant of a quarter of a small budget, smaller than one request's worst-case estimate.
    book.apply(batch({ snapshot: true, grants: [grant(250)] }));
    expect(await book.reserveWhenSettled('a1', ctx, 622, 1_000, now)).toEqual({ ok: true, reserved: true });
    book.finish('a1', 0);
    // Before the fix this was an immediate refusal: the previous estimate still held the credit.
    expect(book.reserve('probe', ctx, 622, 0)).toMatchObject({ ok: false, settling: true });
    const next = book.reserveWhenSettled('a2', ctx, 622, 1_000, now);
    // The enforcer counts a1 (118 µ$) and tops the grant up, in one batch.
    setTimeout(() => book.apply(batch({ grants: [grant(339, 118)], settledAttemptIds: ['a1'] })), 20);
    expect(await next).toEqual({ ok: true, reserved: true });
    expect(book.remaining('b|tenant:t1|month:2026-11')).toBe(339 - 118 - 622);
  });

  it('refuses at once when no own reservation holds the credit, and after the wait when nothing settles', async () => {
    const book = new QuotaBook();
    const now = clock();
    book.apply(batch({ snapshot: true, grants: [grant(100, 100)] }));
    expect(await book.reserveWhenSettled('a1', ctx, 10, 10_000, now)).toMatchObject({ ok: false, settling: false });
    book.apply(batch({ grants: [grant(200, 100)] }));
    book.reserve('a2', ctx, 150, 0);
    const started = Date.now();
    expect(await book.reserveWhenSettled('a3', ctx, 10, 50, now)).toMatchObject({ ok: false, settling: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});
