import { Cost, ErrorClass } from '@switchyard/contracts';
import { Counter, Histogram, Registry } from 'prom-client';
import type { AttemptOutcome, AttemptRecorder } from './attempt-outcome';

// OpenTelemetry GenAI client metrics (gen_ai.client.operation.duration, gen_ai.client.token.usage) with their
// recommended buckets, as Prometheus names; plus upstream answers by HTTP status.
const DURATION_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
const TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
const LABELS = ['deployment', 'gen_ai_provider_name', 'gen_ai_request_model', 'gen_ai_operation_name'] as const;
type Label = (typeof LABELS)[number] | 'error_type' | 'gen_ai_token_type';

// Failures of the gateway itself (no credential, no adapter, a feature the family lacks): nothing went upstream.
const NOT_SENT = new Set([ErrorClass.ERROR_CLASS_NO_DEPLOYMENT, ErrorClass.ERROR_CLASS_INTERNAL, ErrorClass.ERROR_CLASS_UNSUPPORTED]);

type HistogramChild = ReturnType<Histogram<Label>['labels']>;
type CounterChild = ReturnType<Counter<'deployment' | 'provider' | 'status'>['labels']>;

/** One deployment's pre-bound series for one operation; rebound when its provider or model changes. */
interface Bound {
  readonly deployment: string;
  readonly provider: string;
  readonly model: string;
  readonly inputTokens: HistogramChild;
  readonly outputTokens: HistogramChild;
  readonly durations: Map<ErrorClass, HistogramChild>;
  readonly statuses: Map<number, CounterChild>;
}

/**
 * Records every attempt with `inner`, and measures it per deployment and
 * provider: duration by outcome, tokens, and the upstream's HTTP status
 * ("none" when it gave none: a timeout, a refused or broken connection).
 * Labels come from configuration only (deployment id, provider family, the
 * deployment's upstream model), never from the caller, so series are bounded.
 */
export class UpstreamMetrics implements AttemptRecorder {
  private readonly duration: Histogram<Label>;
  private readonly tokens: Histogram<Label>;
  private readonly responses: Counter<'deployment' | 'provider' | 'status'>;
  private readonly bound = new Map<string, Bound>();

  constructor(
    private readonly inner: AttemptRecorder,
    registry: Registry,
  ) {
    this.duration = new Histogram({
      name: 'switchyard_gen_ai_client_operation_duration_seconds',
      help: 'Upstream attempt duration in seconds (OpenTelemetry gen_ai.client.operation.duration); error_type set when it failed.',
      labelNames: [...LABELS, 'error_type'],
      buckets: DURATION_BUCKETS,
      registers: [registry],
    });
    this.tokens = new Histogram({
      name: 'switchyard_gen_ai_client_token_usage',
      help: 'Tokens per upstream attempt (OpenTelemetry gen_ai.client.token.usage), by gen_ai_token_type input or output.',
      labelNames: [...LABELS, 'gen_ai_token_type'],
      buckets: TOKEN_BUCKETS,
      registers: [registry],
    });
    this.responses = new Counter({
      name: 'switchyard_upstream_responses_total',
      help: 'Upstream attempts by deployment, provider and HTTP status ("none": no HTTP answer).',
      labelNames: ['deployment', 'provider', 'status'],
      registers: [registry],
    });
  }

  record(outcome: AttemptOutcome): Cost | undefined {
    const cost = this.inner.record(outcome);
    const target = outcome.invocation.target;
    const error = outcome.error;
    if (!target || (error && error.upstreamStatus === 0 && NOT_SENT.has(error.errorClass))) return cost;
    const b = this.bind(target.deploymentId, target.provider, target.upstreamModel, outcome.endpoint);
    const errorClass = error?.errorClass ?? ErrorClass.ERROR_CLASS_UNSPECIFIED;
    let duration = b.durations.get(errorClass);
    if (!duration)
      b.durations.set(errorClass, (duration = this.series(this.duration, b, outcome.endpoint, { error_type: errorType(errorClass) })));
    duration.observe(outcome.latencyMs / 1000);
    const status = error ? error.upstreamStatus : 200;
    let responses = b.statuses.get(status);
    if (!responses) {
      const label = status > 0 ? String(status) : 'none';
      b.statuses.set(
        status,
        (responses = this.responses.labels({ deployment: target.deploymentId, provider: target.provider, status: label })),
      );
    }
    responses.inc();
    if (outcome.usage.inputTokens > 0) b.inputTokens.observe(outcome.usage.inputTokens);
    if (outcome.usage.outputTokens > 0) b.outputTokens.observe(outcome.usage.outputTokens);
    return cost;
  }

  private bind(deployment: string, provider: string, model: string, endpoint: AttemptOutcome['endpoint']): Bound {
    const key = endpoint === 'embeddings' ? `e:${deployment}` : deployment;
    const known = this.bound.get(key);
    if (known && known.provider === provider && known.model === model) return known;
    const ids = { deployment, provider, model };
    const b: Bound = {
      ...ids,
      inputTokens: this.series(this.tokens, ids, endpoint, { gen_ai_token_type: 'input' }),
      outputTokens: this.series(this.tokens, ids, endpoint, { gen_ai_token_type: 'output' }),
      durations: new Map(),
      statuses: new Map(),
    };
    this.bound.set(key, b);
    return b;
  }

  private series(
    metric: Histogram<Label>,
    ids: Pick<Bound, 'deployment' | 'provider' | 'model'>,
    endpoint: AttemptOutcome['endpoint'],
    extra: Partial<Record<Label, string>>,
  ): HistogramChild {
    return metric.labels({
      deployment: ids.deployment,
      gen_ai_provider_name: ids.provider,
      gen_ai_request_model: ids.model,
      gen_ai_operation_name: endpoint === 'embeddings' ? 'embeddings' : 'chat',
      ...extra,
    });
  }
}

/** The error class as a short snake_case name ('' for success, which Prometheus treats as no label). */
function errorType(errorClass: ErrorClass): string {
  if (errorClass === ErrorClass.ERROR_CLASS_UNSPECIFIED) return '';
  return (ErrorClass[errorClass] ?? String(errorClass)).replace(/^ERROR_CLASS_/, '').toLowerCase();
}
