import { BudgetMetric, BudgetWindow, DecisionAction, ScopeKind } from '@switchyard/contracts';
import { budget, NOW, source, usage } from '../testing/fixtures';
import { BudgetEngine } from './budget-engine';

const options = { holderGraceMs: 60_000, dedupeCapacity: 10_000 };
// 10 input + 20 output tokens priced at 100 micro-USD per event in these tests.
const COST = 100;

describe('BudgetEngine counters, decisions and alerts', () => {
  it('counts per scope, crosses each threshold once and blocks at 100%', () => {
    const engine = new BudgetEngine(source([budget({ limit: 1_000 })]), options);
    for (let i = 0; i < 4; i++) engine.record(usage({ atMs: NOW }), COST, NOW);
    engine.record(usage({ atMs: NOW, tenantId: 't2' }), COST, NOW);
    expect(engine.drain(NOW).crossings).toEqual([]);
    engine.record(usage({ atMs: NOW }), COST, NOW);
    let changes = engine.drain(NOW);
    expect(changes.crossings.map((c) => [c.thresholdPercent, c.used])).toEqual([[50, 500]]);
    for (let i = 0; i < 5; i++) engine.record(usage({ atMs: NOW + i }), COST, NOW + i);
    changes = engine.drain(NOW);
    expect(changes.crossings.map((c) => c.thresholdPercent)).toEqual([80, 100]);
    expect(changes.crossings[1]).toMatchObject({
      alertId: 'b1|tenant:t1|month:2026-11|100',
      used: 1_000,
      limit: 1_000,
      crossedAtMs: NOW + 4,
    });
    expect(changes.decisions).toHaveLength(1);
    expect(changes.decisions[0]).toMatchObject({
      decisionId: 'b1|tenant:t1',
      action: DecisionAction.DECISION_ACTION_BLOCK,
      used: 1_000,
      expiresAtMs: Date.UTC(2026, 11, 1),
    });
    expect(changes.decisions[0]?.reason).toContain("Budget 'b1' is used up: $0.001000 of $0.001000 in month:2026-11");
    engine.record(usage({ atMs: NOW }), COST, NOW);
    expect(engine.drain(NOW)).toMatchObject({ crossings: [], decisions: [] });
    expect(engine.snapshotCounters(NOW).map((c) => [c.scope?.tenantId, c.used, c.action])).toEqual([
      ['t1', 1_100, DecisionAction.DECISION_ACTION_BLOCK],
    ]);
  });

  it('ignores redelivered events', () => {
    const engine = new BudgetEngine(source([budget()]), options);
    const event = usage({ atMs: NOW });
    expect(engine.record(event, COST, NOW)).toBe(true);
    expect(engine.record(event, COST, NOW)).toBe(false);
    expect(engine.snapshotCounters(NOW)[0]?.used).toBe(COST);
  });

  it('counts requests (first attempts only) and tokens per minute, and lifts the decision when the minute ends', () => {
    const requests = budget({
      id: 'rpm',
      metric: BudgetMetric.BUDGET_METRIC_REQUESTS,
      window: BudgetWindow.BUDGET_WINDOW_MINUTE,
      limit: 2,
      action: DecisionAction.DECISION_ACTION_THROTTLE,
      throttleRpm: 30,
      alertThresholdsPercent: [],
    });
    const tokens = budget({
      id: 'tpm',
      metric: BudgetMetric.BUDGET_METRIC_TOKENS,
      window: BudgetWindow.BUDGET_WINDOW_MINUTE,
      limit: 1_000,
      alertThresholdsPercent: [],
    });
    const engine = new BudgetEngine(source([requests, tokens]), options);
    engine.record(usage({ atMs: NOW }), 0, NOW);
    engine.record(usage({ atMs: NOW, number: 2 }), 0, NOW);
    engine.record(usage({ atMs: NOW, shadow: true }), 0, NOW);
    expect(engine.snapshotCounters(NOW).map((c) => [c.budgetId, c.used])).toEqual([
      ['rpm', 1],
      ['tpm', 90],
    ]);
    engine.record(usage({ atMs: NOW + 1 }), 0, NOW + 1);
    expect(engine.drain(NOW).decisions).toEqual([
      expect.objectContaining({
        budgetId: 'rpm',
        action: DecisionAction.DECISION_ACTION_THROTTLE,
        throttleRpm: 30,
        expiresAtMs: NOW + 60_000,
      }),
    ]);
    engine.refresh(NOW + 60_000);
    expect(engine.drain(NOW + 60_000).decisions).toEqual([
      expect.objectContaining({ budgetId: 'rpm', action: DecisionAction.DECISION_ACTION_ALLOW, window: 'minute:2026-11-25T10:01' }),
    ]);
  });

  it('scopes feature, plan and key budgets; a plan budget without a tenant counts each tenant apart', () => {
    const engine = new BudgetEngine(
      source([
        budget({ id: 'f', scope: ScopeKind.SCOPE_KIND_FEATURE, feature: 'chat' }),
        budget({ id: 'p', scope: ScopeKind.SCOPE_KIND_PLAN, tenantId: '', planId: 'free' }),
        budget({ id: 'k', scope: ScopeKind.SCOPE_KIND_API_KEY, apiKeyId: 'k9' }),
      ]),
      options,
    );
    engine.record(usage({ atMs: NOW, feature: 'chat', planId: 'free' }), COST, NOW);
    engine.record(usage({ atMs: NOW, tenantId: 't2', planId: 'free' }), COST, NOW);
    engine.record(usage({ atMs: NOW, apiKeyId: 'k9' }), COST, NOW);
    expect(engine.snapshotCounters(NOW).map((c) => `${c.budgetId}:${c.scope?.tenantId}:${c.used}`)).toEqual([
      'f:t1:100',
      'k:t1:100',
      'p:t1:100',
      'p:t2:100',
    ]);
    expect(engine.snapshotCounters(NOW, 't2')).toHaveLength(1);
  });

  it('does not count events from before the current month, and late events never re-decide an ended window', () => {
    const daily = budget({ window: BudgetWindow.BUDGET_WINDOW_DAY, limit: 100 });
    const engine = new BudgetEngine(source([daily]), options);
    engine.record(usage({ atMs: Date.UTC(2026, 9, 31) }), COST, NOW);
    engine.record(usage({ atMs: NOW - 86_400_000 }), COST, NOW);
    expect(engine.drain(NOW).decisions).toEqual([]);
    engine.refresh(NOW);
    expect(engine.snapshotCounters(NOW)).toEqual([expect.objectContaining({ window: 'day:2026-11-25', used: 0 })]);
  });

  it("keeps two tenants' budgets of the same id apart (ids are unique per tenant only)", () => {
    const engine = new BudgetEngine(
      source([budget({ id: 'monthly', tenantId: 't1', limit: 1_000 }), budget({ id: 'monthly', tenantId: 't2', limit: 100 })]),
      options,
    );
    engine.record(usage({ atMs: NOW, tenantId: 't1' }), COST, NOW);
    engine.record(usage({ atMs: NOW, tenantId: 't1' }), COST, NOW);
    engine.refresh(NOW);
    engine.record(usage({ atMs: NOW, tenantId: 't2' }), COST, NOW);
    engine.refresh(NOW);
    expect(engine.snapshotCounters(NOW).map((c) => [c.budgetId, c.scope?.tenantId, c.used, c.limit, c.action])).toEqual([
      ['monthly', 't1', 200, 1_000, DecisionAction.DECISION_ACTION_ALLOW],
      ['monthly', 't2', 100, 100, DecisionAction.DECISION_ACTION_BLOCK],
    ]);
  });

  it('lifts decisions when a budget is deleted or its limit raised', () => {
    const src = source([budget({ limit: 100 })]);
    const engine = new BudgetEngine(src, options);
    engine.record(usage({ atMs: NOW }), COST, NOW);
    expect(engine.drain(NOW).decisions[0]?.action).toBe(DecisionAction.DECISION_ACTION_BLOCK);
    src.budgets = [budget({ limit: 1_000 })];
    engine.refresh(NOW);
    expect(engine.drain(NOW).decisions[0]?.action).toBe(DecisionAction.DECISION_ACTION_ALLOW);
    src.budgets = [budget({ limit: 50 })];
    engine.refresh(NOW);
    expect(engine.drain(NOW).decisions[0]?.action).toBe(DecisionAction.DECISION_ACTION_BLOCK);
    src.budgets = [];
    engine.refresh(NOW);
    expect(engine.drain(NOW).decisions).toEqual([expect.objectContaining({ action: DecisionAction.DECISION_ACTION_ALLOW })]);
    expect(engine.currentDecisions()).toEqual([]);
  });
});

describe('BudgetEngine spend grants', () => {
  const hard = () => source([budget({ limit: 8_000, alertThresholdsPercent: [], alertWebhookId: '' })]);

  it('grants credit before traffic, never more than the headroom in total', () => {
    const engine = new BudgetEngine(hard(), options);
    const a = engine.subscribe('r1', [], [], NOW);
    expect(a.grants).toEqual([
      expect.objectContaining({ grantKey: 'b1|tenant:t1|month:2026-11', grantedMicroUsd: 2_000, settledMicroUsd: 0 }),
    ]);
    const b = engine.subscribe('r2', [], [], NOW);
    expect(b.replicaCount).toBe(2);
    expect(b.grants[0]?.grantedMicroUsd).toBe(1_000);
    // r1 already holds more than the new target; nothing more for it.
    expect(engine.drain(NOW).holders.get('r1')).toBeUndefined();
  });

  it('gives a late replica a grant entry even when no credit is free, so it reserves instead of admitting unchecked', () => {
    const engine = new BudgetEngine(source([budget({ limit: 4, alertThresholdsPercent: [], alertWebhookId: '' })]), options);
    for (const r of ['r1', 'r2', 'r3']) engine.subscribe(r, [], [], NOW);
    const late = engine.subscribe('r4', [], [], NOW);
    // The last micro-dollar of headroom.
    expect(late.grants).toEqual([expect.objectContaining({ grantedMicroUsd: 1 })]);
    const later = engine.subscribe('r5', [], [], NOW);
    expect(later.grants).toEqual([expect.objectContaining({ grantedMicroUsd: 0 })]);
  });

  it('settles a holder: its counted spend and attempt ids come back with a top-up', () => {
    const engine = new BudgetEngine(hard(), options);
    engine.subscribe('r1', [], [], NOW);
    engine.drain(NOW);
    engine.record(usage({ atMs: NOW, holder: 'r1', attemptId: 'a1' }), 1_500, NOW);
    const changes = engine.drain(NOW).holders.get('r1');
    expect(changes?.settledAttemptIds).toEqual(['a1']);
    // headroom 6500 -> target 1625; outstanding was 500 -> +1125.
    expect(changes?.grants[0]).toMatchObject({ grantedMicroUsd: 3_125, settledMicroUsd: 1_500 });
  });

  it('never lets used + outstanding credit exceed the limit', () => {
    const engine = new BudgetEngine(hard(), options);
    engine.subscribe('r1', [], [], NOW);
    engine.subscribe('r2', [], [], NOW);
    for (let i = 0; i < 40; i++) {
      engine.record(usage({ atMs: NOW, holder: i % 2 ? 'r1' : 'r2' }), 190, NOW);
      const counter = (
        engine as unknown as { counters: Map<string, { used: number; holders: Map<string, { granted: number; settled: number }> }> }
      ).counters.get('b1|tenant:t1|month:2026-11')!;
      const outstanding = [...counter.holders.values()].reduce((s, h) => s + Math.max(0, h.granted - h.settled), 0);
      if (counter.used < 8_000) expect(counter.used + outstanding).toBeLessThanOrEqual(8_000);
    }
  });

  it('adopts the credit replicas still hold after an enforcer restart, and reports which open reservations were counted', () => {
    const first = new BudgetEngine(hard(), options);
    const granted = first.subscribe('r1', [], [], NOW).grants[0]!.grantedMicroUsd;
    const rebuilt = new BudgetEngine(hard(), options);
    rebuilt.record(usage({ atMs: NOW, holder: 'r1', attemptId: 'done' }), 300, NOW);
    const snapshot = rebuilt.subscribe('r1', [{ grantKey: 'b1|tenant:t1|month:2026-11', grantedMicroUsd: granted }], ['done', 'open'], NOW);
    expect(snapshot.settledAttemptIds).toEqual(['done']);
    // Adopted 2000 (1700 outstanding), then topped up to the target ceil((8000 - 300) / 4) = 1925.
    expect(granted).toBe(2_000);
    expect(snapshot.grants[0]).toMatchObject({ settledMicroUsd: 300, grantedMicroUsd: 2_225 });
  });

  it("keeps a departed replica's outstanding credit reserved for the grace period, then frees it", () => {
    const engine = new BudgetEngine(hard(), options);
    engine.subscribe('r1', [], [], NOW);
    engine.unsubscribe('r1', NOW);
    const counters = (engine as unknown as { counters: Map<string, { holders: Map<string, unknown> }> }).counters;
    const holders = () => [...(counters.get('b1|tenant:t1|month:2026-11')?.holders.keys() ?? [])];
    engine.subscribe('r2', [], [], NOW + 1_000);
    engine.refresh(NOW + 59_000);
    expect(holders()).toEqual(['r1', 'r2']);
    engine.refresh(NOW + 61_001);
    expect(holders()).toEqual(['r2']);
    expect(engine.replicaCount()).toBe(1);
  });

  it('drops grants of an ended window and starts the new window empty', () => {
    const engine = new BudgetEngine(
      source([budget({ window: BudgetWindow.BUDGET_WINDOW_DAY, limit: 4_000, alertThresholdsPercent: [], alertWebhookId: '' })]),
      options,
    );
    engine.subscribe('r1', [], [], NOW);
    engine.drain(NOW);
    const tomorrow = Date.UTC(2026, 10, 26, 0, 0, 1);
    engine.refresh(tomorrow);
    const changes = engine.drain(tomorrow).holders.get('r1');
    expect(changes?.droppedGrantKeys).toEqual(['b1|tenant:t1|day:2026-11-25']);
    expect(changes?.grants).toEqual([expect.objectContaining({ grantKey: 'b1|tenant:t1|day:2026-11-26', grantedMicroUsd: 1_000 })]);
  });
});
