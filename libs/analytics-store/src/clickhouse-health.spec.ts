import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseHealth } from './clickhouse-health';

/** Only what ClickHouseHealth calls: ping and close. */
function fakeClient(ping: () => Promise<{ success: boolean }>) {
  const calls = { ping: 0, close: 0 };
  const client = {
    ping: () => {
      calls.ping++;
      return ping();
    },
    close: () => {
      calls.close++;
      return Promise.resolve();
    },
  };
  return { client: client as unknown as ClickHouseClient, calls };
}

describe('ClickHouseHealth', () => {
  it('is healthy once the first ping succeeds, and closes the client on stop', async () => {
    const { client, calls } = fakeClient(() => Promise.resolve({ success: true }));
    const health = new ClickHouseHealth(client, 60_000);
    expect(health.isHealthy()).toBe(false);
    await health.start();
    expect(health.isHealthy()).toBe(true);
    await health.stop();
    expect(calls).toEqual({ ping: 1, close: 1 });
  });

  it('is unhealthy when the ping fails or throws, and recovers on a later probe', async () => {
    const answers: Array<() => Promise<{ success: boolean }>> = [
      () => Promise.resolve({ success: false }),
      () => Promise.reject(new Error('ECONNREFUSED')),
      () => Promise.resolve({ success: true }),
    ];
    const { client } = fakeClient(() => answers.shift()!());
    jest.useFakeTimers();
    try {
      const health = new ClickHouseHealth(client, 1_000);
      await health.start();
      expect(health.isHealthy()).toBe(false);
      await jest.advanceTimersByTimeAsync(1_000);
      expect(health.isHealthy()).toBe(false);
      await jest.advanceTimersByTimeAsync(1_000);
      expect(health.isHealthy()).toBe(true);
      await health.stop();
    } finally {
      jest.useRealTimers();
    }
  });
});
