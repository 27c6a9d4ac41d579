import type { RequestContext } from '@switchyard/contracts';
import { withDefaultDeadline } from './default-deadline';

const context = (deadlineAtMs: number) => ({ deadlineAtMs }) as RequestContext;

describe('withDefaultDeadline', () => {
  it('gives a request without a deadline the default one, counted from now', () => {
    const request = { context: context(0) };
    expect(withDefaultDeadline(request, 30_000, 1_000)).toBe(request);
    expect(request.context.deadlineAtMs).toBe(31_000);
    expect(withDefaultDeadline({ context: context(-5) }, 30_000, 1_000).context.deadlineAtMs).toBe(31_000);
  });

  it("keeps the caller's own deadline, even a later one", () => {
    expect(withDefaultDeadline({ context: context(5_000) }, 30_000, 1_000).context.deadlineAtMs).toBe(5_000);
    expect(withDefaultDeadline({ context: context(900_000) }, 30_000, 1_000).context.deadlineAtMs).toBe(900_000);
  });

  it('leaves a request without context alone', () => {
    expect(withDefaultDeadline({}, 30_000, 1_000)).toEqual({});
  });
});
