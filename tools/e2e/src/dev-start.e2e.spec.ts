import { createClient } from '@clickhouse/client';
import { startDevStack } from '@switchyard/dev-tools';
import type { DevStack } from '@switchyard/dev-tools';
import { randomBytes } from 'node:crypto';
import { AdminClient } from './admin-client';
import { deleteTopics } from './test-stack';

// Issue 19, defect 7: the credential `npm start` prints must work on the admin API.
describe('npm start (startDevStack, the code path of tools/start.sh) prints a working admin credential', () => {
  const id = `e2e_dev_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  let dev: DevStack;

  beforeAll(async () => {
    dev = await startDevStack({ topicPrefix: `${id}.`, clickhouseDatabase: id });
  });

  afterAll(async () => {
    await dev?.stop();
    const clickhouse = createClient({ url: 'http://127.0.0.1:18123' });
    await clickhouse.command({ query: `DROP DATABASE IF EXISTS ${id}` }).catch(() => undefined);
    await clickhouse.close();
    await deleteTopics(`${id}.`);
  });

  const printed = (label: string): string => {
    const match = new RegExp(`^\\s*${label}:\\s+(\\S+)`, 'm').exec(dev.banner);
    if (!match?.[1]) throw new Error(`the banner has no '${label}' line:\n${dev.banner}`);
    return match[1];
  };

  it('the printed operator token is a platform operator on the admin API', async () => {
    const admin = new AdminClient(dev.stack.service('ingress').url, printed('Operator token'));
    const tenant = await admin.call('GET', '/tenants/ten_demo');
    expect(tenant).toMatchObject({ status: 200, body: { id: 'ten_demo' } });
    expect(await admin.call('GET', '/me')).toMatchObject({ status: 200 });
  });

  it('the banner shows the first admin call with that token', async () => {
    const token = printed('Operator token');
    const curl = dev.banner.split('\n').find((line) => line.includes('/admin/v1/') && line.includes('curl'));
    expect(curl).toContain(`Authorization: Bearer ${token}`);
    const url = /curl\s+(?:-s\s+)?(\S+\/admin\/v1\/\S+)/.exec(curl ?? '')?.[1] ?? '';
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
  });
});
