import { crossedThresholds, reachedThresholds } from './thresholds';

describe('thresholds', () => {
  it('reports each threshold crossed by one increment, ascending', () => {
    expect(crossedThresholds(0, 850, 1000, [100, 50, 80])).toEqual([50, 80]);
    expect(crossedThresholds(850, 1000, 1000, [50, 80, 100])).toEqual([100]);
    expect(crossedThresholds(1000, 1200, 1000, [50, 80, 100])).toEqual([]);
  });

  it('uses exact integer arithmetic at the edge', () => {
    expect(crossedThresholds(0, 499, 1000, [50])).toEqual([]);
    expect(crossedThresholds(499, 500, 1000, [50])).toEqual([50]);
    expect(crossedThresholds(0, 1, 3, [34])).toEqual([]);
    expect(crossedThresholds(1, 2, 3, [34, 66, 67])).toEqual([34, 66]);
  });

  it('ignores a zero limit and decreases', () => {
    expect(crossedThresholds(0, 10, 0, [50])).toEqual([]);
    expect(crossedThresholds(10, 5, 10, [50])).toEqual([]);
  });

  it('lists what a rebuilt counter has reached', () => {
    expect(reachedThresholds(900, 1000, [100, 50, 80])).toEqual([50, 80]);
  });
});
