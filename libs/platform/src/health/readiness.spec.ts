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
});
