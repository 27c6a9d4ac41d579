import { collectDefaultMetrics, type Metric, Registry } from 'prom-client';

/** One Prometheus registry per service, with process metrics and a service label. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, prefix: 'switchyard_' });
  return registry;
}

/** Latency buckets in seconds, fine-grained below 10 ms where gateway overhead lives. */
export const LATENCY_BUCKETS_SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * The registry's metric `name`, created by `make` the first time: for metrics
 * several components of one service report into (every consumer its lag, every
 * ClickHouse writer its inserts), since a registry refuses a name twice.
 */
export function sharedMetric<M extends Metric>(registry: Registry, name: string, make: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? make();
}
