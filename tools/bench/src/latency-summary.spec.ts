import { hundredths, quantile, summarizeLatency } from './latency-summary';

describe('summarizeLatency', () => {
  it('takes nearest-rank quantiles and the mean, whatever order the samples came in', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 .. 1
    expect(summarizeLatency(values)).toEqual({ samples: 100, p50: 50, p99: 99, mean: 50.5 });
  });

  it('lets one slow sample in a hundred set p99 only past the 99th', () => {
    const values = [...Array.from({ length: 99 }, () => 1), 500];
    expect(summarizeLatency(values)).toMatchObject({ p50: 1, p99: 1 });
    expect(summarizeLatency([...values, 500])).toMatchObject({ p99: 500 });
  });

  it('answers NaN for no samples rather than a number that was never measured', () => {
    expect(summarizeLatency([])).toMatchObject({ samples: 0 });
    expect(summarizeLatency([]).p50).toBeNaN();
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('hundredths', () => {
  it('rounds to two decimals', () => {
    expect(hundredths(1.23456)).toBe(1.23);
    expect(hundredths(0.999)).toBe(1);
  });
});
