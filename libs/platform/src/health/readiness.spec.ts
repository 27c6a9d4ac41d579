import { Readiness } from './readiness';

describe('Readiness', () => {
  it('is ready only when every check passes and not draining', () => {
    const readiness = new Readiness();
    let kafka = false;
    readiness.register('kafka', () => kafka);
    readiness.register('broken', () => {
      throw new Error('boom');
    });
    expect(readiness.report()).toEqual({ ready: false, draining: false, checks: { kafka: false, broken: false } });

    const r2 = new Readiness();
    r2.register('kafka', () => kafka);
    kafka = true;
    expect(r2.report().ready).toBe(true);
    r2.markDraining();
    expect(r2.report()).toEqual({ ready: false, draining: true, checks: { kafka: true } });
  });

  it('reports the details a check registered beside its result', () => {
    const readiness = new Readiness();
    let applied = 3;
    readiness.register(
      'config-log',
      () => true,
      () => ({ appliedOffsets: { '0': applied } }),
    );
    readiness.register('kafka', () => true);
    applied = 7;
    expect(readiness.report()).toEqual({
      ready: true,
      draining: false,
      checks: { 'config-log': true, kafka: true },
      details: { 'config-log': { appliedOffsets: { '0': 7 } } },
    });
  });
});
