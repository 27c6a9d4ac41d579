import { ChatRequest, ErrorClass, ErrorInfo, InvokeRequest, Usage } from '@switchyard/contracts';
import { Registry } from 'prom-client';
import type { AttemptOutcome } from './attempt-outcome';
import { UpstreamMetrics } from './upstream-metrics';

describe('UpstreamMetrics', () => {
  const invocation = InvokeRequest.fromPartial({
    context: { requestId: 'req_1', tenantId: 'ten_secret' },
    target: { deploymentId: 'dep-1', provider: 'openai', upstreamModel: 'gpt-x' },
    request: ChatRequest.fromPartial({ model: 'whatever-the-client-sent' }),
  });
  const outcome = (error?: ErrorInfo, usage = Usage.fromPartial({ inputTokens: 10, outputTokens: 3 })): AttemptOutcome => ({
    invocation,
    endpoint: 'chat.completions',
    stream: false,
    usage,
    latencyMs: 150,
    ttftMs: 150,
    error,
    outputText: '',
  });

  it('counts attempts by deployment, provider and status, times them by error type, and records tokens', async () => {
    const registry = new Registry();
    const inner: AttemptOutcome[] = [];
    const metrics = new UpstreamMetrics({ record: (o) => void inner.push(o) }, registry);
    metrics.record(outcome());
    metrics.record(outcome());
    metrics.record(
      outcome(ErrorInfo.fromPartial({ errorClass: ErrorClass.ERROR_CLASS_UPSTREAM_5XX, upstreamStatus: 503 }), Usage.fromPartial({})),
    );
    metrics.record(outcome(ErrorInfo.fromPartial({ errorClass: ErrorClass.ERROR_CLASS_TIMEOUT }), Usage.fromPartial({})));
    // Never went upstream: recorded, not measured as an upstream answer.
    metrics.record(outcome(ErrorInfo.fromPartial({ errorClass: ErrorClass.ERROR_CLASS_NO_DEPLOYMENT }), Usage.fromPartial({})));
    expect(inner).toHaveLength(5);

    const text = await registry.metrics();
    expect(text).toContain('switchyard_upstream_responses_total{deployment="dep-1",provider="openai",status="200"} 2');
    expect(text).toContain('switchyard_upstream_responses_total{deployment="dep-1",provider="openai",status="503"} 1');
    expect(text).toContain('switchyard_upstream_responses_total{deployment="dep-1",provider="openai",status="none"} 1');
    const base = 'deployment="dep-1",gen_ai_provider_name="openai",gen_ai_request_model="gpt-x",gen_ai_operation_name="chat"';
    expect(text).toContain(`switchyard_gen_ai_client_operation_duration_seconds_count{${base},error_type=""} 2`);
    expect(text).toContain(`switchyard_gen_ai_client_operation_duration_seconds_count{${base},error_type="upstream_5xx"} 1`);
    expect(text).toContain(`switchyard_gen_ai_client_operation_duration_seconds_count{${base},error_type="timeout"} 1`);
    expect(text).toContain(`switchyard_gen_ai_client_operation_duration_seconds_sum{${base},error_type=""} 0.3`);
    expect(text).toContain(`switchyard_gen_ai_client_token_usage_sum{${base},gen_ai_token_type="input"} 20`);
    expect(text).toContain(`switchyard_gen_ai_client_token_usage_sum{${base},gen_ai_token_type="output"} 6`);
    expect(text).not.toContain('ten_secret');
    expect(text).not.toContain('whatever-the-client-sent');
    expect(text).not.toContain('no_deployment');
  });
});
