import OpenAI from 'openai';
import { TestStack } from './test-stack';

describe('metering killed and restarted while requests flow', () => {
  let t: TestStack;
  let client: OpenAI;

  beforeAll(async () => {
    t = await TestStack.start();
    client = new OpenAI({ apiKey: (await t.tenantWithModel('ten_restart')).plaintext, baseURL: t.baseUrl, maxRetries: 0 });
  });

  afterAll(() => t?.stop());

  it('loses no usage row and doubles none', async () => {
    const total = 240;
    let sent = 0;
    const worker = async (): Promise<void> => {
      while (sent < total) {
        sent += 1;
        await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `request ${sent}` }] });
      }
    };
    const traffic = Promise.all(Array.from({ length: 8 }, worker));

    // Crash metering (SIGKILL: nothing flushed, offsets of the batch in hand not committed) mid-traffic.
    await waitUntil(() => sent >= total / 3);
    await t.stack.service('metering').kill();
    await waitUntil(() => sent >= (2 * total) / 3);
    await t.stack.service('metering').start();
    await traffic;

    const counted = async (table: string) =>
      (
        await t.eventually<{ rows: number; ids: number }>(
          `SELECT count() AS rows, uniqExact(event_id) AS ids FROM ${t.id}.${table} WHERE tenant_id = 'ten_restart'`,
          (r) => (r[0]?.rows ?? 0) >= total,
          60_000,
        )
      )[0];
    // No FINAL: the raw row count proves nothing was inserted twice, not merely merged away.
    expect(await counted('usage_events')).toEqual({ rows: total, ids: total });
    expect(await counted('request_events')).toEqual({ rows: total, ids: total });
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 20));
}
