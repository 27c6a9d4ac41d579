import { billingCsv } from './billing-csv';
import { allocate, buildBillingReport, BillingSpendRow } from './billing-report';

const row = (fields: Partial<BillingSpendRow>): BillingSpendRow => ({
  plan_id: 'pro',
  feature: 'chat',
  provider: 'openai',
  model: 'gpt-4o-mini',
  deployment_id: 'dep-1',
  upstream_model: 'gpt-4o-mini',
  requests: 0,
  attempts: 0,
  input_tokens: 0,
  output_tokens: 0,
  cost_micro_usd: 0,
  shadow_cost_micro_usd: 0,
  ...fields,
});

describe('billing report', () => {
  const rows = [
    row({ feature: 'chat', requests: 30, attempts: 31, cost_micro_usd: 4_000_000, input_tokens: 100, output_tokens: 50 }),
    row({ feature: 'chat', model: 'gpt-4o', requests: 0, attempts: 5, cost_micro_usd: 1_000_000, shadow_cost_micro_usd: 1_000_000 }),
    row({ feature: 'search', requests: 10, attempts: 10, cost_micro_usd: 9_000_000 }),
    row({ plan_id: 'free', feature: 'chat', requests: 5, attempts: 5, cost_micro_usd: 500_000 }),
  ];
  const price = (plan: string) => (plan === 'pro' ? 20_000_000 : 0);

  it('keeps two deployments that share an upstream model as two lines, billed under their public models', () => {
    const report = buildBillingReport(
      't1',
      '2026-11',
      [
        row({ deployment_id: 'dep-std', model: 'assistant-standard', upstream_model: 'gpt-4o-mini', requests: 3, cost_micro_usd: 30 }),
        row({ deployment_id: 'dep-pro', model: 'assistant-pro', upstream_model: 'gpt-4o-mini', requests: 2, cost_micro_usd: 200 }),
      ],
      price,
    );
    expect(report.lines.map((l) => [l.deploymentId, l.model, l.upstreamModel, l.requests, l.costMicroUsd])).toEqual([
      ['dep-pro', 'assistant-pro', 'gpt-4o-mini', 2, 200],
      ['dep-std', 'assistant-standard', 'gpt-4o-mini', 3, 30],
    ]);
    expect(billingCsv(report).split('\r\n')[0]).toContain('provider,deployment_id,model,upstream_model,');
  });

  it('sums spend per feature and model and allocates plan revenue by request share', () => {
    const report = buildBillingReport('t1', '2026-11', rows, price);
    expect(report.lines.map((l) => [l.feature, l.model, l.requests, l.costMicroUsd])).toEqual([
      ['chat', 'gpt-4o-mini', 35, 4_500_000],
      ['chat', 'gpt-4o', 0, 1_000_000],
      ['search', 'gpt-4o-mini', 10, 9_000_000],
    ]);
    expect(report.plans).toEqual([
      { planId: 'free', customerPriceMicroUsdPerMonth: 0, requests: 5 },
      { planId: 'pro', customerPriceMicroUsdPerMonth: 20_000_000, requests: 40 },
    ]);
    // pro: chat 30/40 of $20 = $15, search 10/40 = $5.
    expect(report.features).toEqual([
      {
        feature: 'chat',
        costMicroUsd: 5_500_000,
        revenueMicroUsd: 15_000_000,
        grossMarginMicroUsd: 9_500_000,
        grossMarginBps: 6333,
        priced: true,
      },
      {
        feature: 'search',
        costMicroUsd: 9_000_000,
        revenueMicroUsd: 5_000_000,
        grossMarginMicroUsd: -4_000_000,
        grossMarginBps: -8000,
        priced: true,
      },
    ]);
    expect(report.totalCostMicroUsd).toBe(14_500_000);
    expect(report.totalRevenueMicroUsd).toBe(20_000_000);
  });

  it('marks features without a priced plan', () => {
    const report = buildBillingReport('t1', '2026-11', [row({ plan_id: 'free', requests: 1, cost_micro_usd: 7 })], price);
    expect(report.features[0]).toMatchObject({ revenueMicroUsd: 0, grossMarginBps: 0, priced: false });
  });

  it('allocates in integers without losing a micro-dollar', () => {
    const parts = allocate(
      10,
      new Map([
        ['a', 1],
        ['b', 1],
        ['c', 1],
      ]),
    );
    expect([...parts.values()].reduce((s, v) => s + v, 0)).toBe(10);
    expect(parts.get('a')).toBe(4);
    expect(allocate(5, new Map([['a', 0]])).size).toBe(0);
  });

  it('exports CSV with line, feature and total rows', () => {
    const csv = billingCsv(buildBillingReport('t1', '2026-11', rows, price));
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'row_type,month,tenant_id,feature,provider,deployment_id,model,upstream_model,requests,attempts,input_tokens,output_tokens,cost_usd,cost_micro_usd,shadow_cost_micro_usd,revenue_micro_usd,gross_margin_micro_usd,gross_margin_percent',
    );
    expect(lines[1]).toBe('line,2026-11,t1,chat,openai,dep-1,gpt-4o-mini,gpt-4o-mini,35,36,100,50,4.500000,4500000,0,,,');
    expect(lines).toContain('feature,2026-11,t1,chat,,,,,,,,,5.500000,5500000,,15000000,9500000,63.33');
    expect(lines).toContain('total,2026-11,t1,,,,,,,,,,14.500000,14500000,,20000000,5500000,');
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('defuses spreadsheet formulas and quotes separators', () => {
    const csv = billingCsv(buildBillingReport('t1', '2026-11', [row({ model: '=HYPERLINK("x")', provider: 'a,b', requests: 1 })], price));
    expect(csv).toContain(`"a,b",dep-1,"'=HYPERLINK(""x"")"`);
  });
});
