import { BreakerState, DeploymentBreakers } from './deployment-breakers';

describe('DeploymentBreakers', () => {
  const settings = { minRequests: 3, errorPercent: 50, windowMs: 10_000, resetMs: 100 };
  const fault = async () => 'fault';
  const fine = async () => 'fine';
  const isFault = (r: string) => r === 'fault';
  let breakers: DeploymentBreakers;
  let changes: Array<[string, BreakerState]>;

  beforeEach(() => {
    changes = [];
    breakers = new DeploymentBreakers(settings, Date.now, (id, state) => changes.push([id, state]));
  });
  afterEach(() => breakers.shutdown());

  it('opens after the configured failures and then skips the deployment without calling it', async () => {
    for (let i = 0; i < 2; i++) await expect(breakers.run('a', fault, isFault)).resolves.toEqual({ ran: true, value: 'fault' });
    expect(breakers.state('a')).toBe('closed');
    await breakers.run('a', fault, isFault);
    expect(breakers.state('a')).toBe('open');
    expect(breakers.allows('a')).toBe(false);
    const attempt = jest.fn(fine);
    await expect(breakers.run('a', attempt, isFault)).resolves.toEqual({ ran: false });
    expect(attempt).not.toHaveBeenCalled();
    expect(breakers.state('b')).toBe('closed');
    expect(changes).toEqual([['a', 'open']]);
  });

  it("does not count results that are not the deployment's fault", async () => {
    for (let i = 0; i < 10; i++) await breakers.run('a', async () => 'rate-limited', isFault);
    expect(breakers.state('a')).toBe('closed');
  });

  it('half-opens after the reset time; one successful probe closes it', async () => {
    for (let i = 0; i < 3; i++) await breakers.run('a', fault, isFault);
    expect(breakers.msUntilProbe('a')).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 130));
    expect(breakers.state('a')).toBe('half-open');
    expect(breakers.allows('a')).toBe(true);
    await expect(breakers.run('a', fine, isFault)).resolves.toEqual({ ran: true, value: 'fine' });
    expect(breakers.state('a')).toBe('closed');
    expect(changes.map(([, s]) => s)).toEqual(['open', 'half-open', 'closed']);
  });

  it('lets only one probe through while half-open, and a failed probe opens it again', async () => {
    for (let i = 0; i < 3; i++) await breakers.run('a', fault, isFault);
    await new Promise((r) => setTimeout(r, 130));
    let release: (v: string) => void = () => undefined;
    const probe = breakers.run('a', () => new Promise<string>((r) => (release = r)), isFault);
    expect(breakers.allows('a')).toBe(false);
    await expect(breakers.run('a', fine, isFault)).resolves.toEqual({ ran: false });
    release('fault');
    await probe;
    expect(breakers.state('a')).toBe('open');
  });

  it('forgets deployments that were removed', async () => {
    for (let i = 0; i < 3; i++) await breakers.run('a', fault, isFault);
    breakers.retain(new Set(['b']));
    expect(breakers.state('a')).toBe('closed');
  });
});
