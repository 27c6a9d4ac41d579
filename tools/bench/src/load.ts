import autocannon from 'autocannon';

export interface LoadResult {
  requests: number;
  errors: number;
  non2xx: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  mean: number;
}

export interface LoadOptions {
  url: string;
  headers: Record<string, string>;
  body: string;
  durationSeconds: number;
  connections: number;
  /** Fixed arrival rate (requests/second over all connections); 0 = as fast as possible. */
  rate: number;
}

/** One autocannon run; latency figures are milliseconds. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    headers: options.headers,
    body: options.body,
    duration: options.durationSeconds,
    connections: options.connections,
    ...(options.rate > 0 ? { overallRate: options.rate } : {}),
  });
  return {
    requests: result.requests.total,
    errors: result.errors,
    non2xx: result.non2xx,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    mean: Math.round(result.latency.mean * 100) / 100,
  };
}
