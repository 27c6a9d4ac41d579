import { appendFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskSpool } from './disk-spool';

const record = (n: number) => ({ topic: 't.usage', key: `k${n}`, value: Buffer.from(`value-${n}`) });

describe('DiskSpool', () => {
  it('returns records in order and deletes a segment only when told', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spool-'));
    const spool = new DiskSpool(dir, 1024 * 1024);
    await spool.append([record(1), record(2)]);
    await spool.append([record(3)]);
    expect(spool.hasPending()).toBe(true);

    const segment = await spool.takeOldest();
    expect(segment?.records.map((r) => r.key)).toEqual(['k1', 'k2', 'k3']);
    expect(segment?.records[2]?.value.toString()).toBe('value-3');
    await spool.append([record(4)]);
    await segment?.remove();

    const next = await spool.takeOldest();
    expect(next?.records.map((r) => r.key)).toEqual(['k4']);
    await next?.remove();
    expect(spool.hasPending()).toBe(false);
    expect(await spool.takeOldest()).toBeUndefined();
  });

  it('survives a restart and drops a torn tail', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spool-'));
    const first = new DiskSpool(dir, 1024 * 1024);
    first.appendSync([record(1), record(2)]);
    const file = readdirSync(dir)[0] ?? '';
    appendFileSync(join(dir, file), Buffer.from([0, 0, 0, 50, 1, 2])); // crash mid-append

    const reopened = new DiskSpool(dir, 1024 * 1024);
    const segment = await reopened.takeOldest();
    expect(segment?.records.map((r) => r.key)).toEqual(['k1', 'k2']);
    expect(segment?.corruptTailBytes).toBe(6);
  });
});
