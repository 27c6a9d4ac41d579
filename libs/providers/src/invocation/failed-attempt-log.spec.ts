import { ChatRequest, ErrorClass, ErrorInfo, InvokeRequest, Usage } from '@switchyard/contracts';
import { user } from '../test-support/fixtures';
import type { AttemptOutcome } from './attempt-outcome';
import { FailedAttemptLog } from './failed-attempt-log';

describe('FailedAttemptLog', () => {
  const invocation = InvokeRequest.fromPartial({
    context: { requestId: 'req_42', tenantId: 'ten_a' },
    target: { deploymentId: 'dep-1', provider: 'anthropic', upstreamModel: 'claude-x', credentialRef: 'cred:c1' },
    attempt: { number: 2 },
    request: ChatRequest.fromPartial({ model: 'pub', messages: [user('my very private prompt')] }),
  });
  const outcome = (error: ErrorInfo | undefined): AttemptOutcome => ({
    invocation,
    endpoint: 'chat.completions',
    stream: true,
    usage: Usage.fromPartial({}),
    latencyMs: 12,
    ttftMs: 12,
    error,
    outputText: 'the private answer',
  });

  const setup = () => {
    const recorded: AttemptOutcome[] = [];
    const lines: { fields: Record<string, unknown>; message: string }[] = [];
    const log = new FailedAttemptLog(
      {
        record: (o) => {
          recorded.push(o);
          return undefined;
        },
      },
      { warn: (fields, message) => lines.push({ fields, message }) },
    );
    return { log, recorded, lines };
  };

  it('logs a failed attempt with its request, deployment, provider, status and class, and still records it', () => {
    const { log, recorded, lines } = setup();
    const error = ErrorInfo.fromPartial({
      errorClass: ErrorClass.ERROR_CLASS_UPSTREAM_5XX,
      message: 'anthropic error: Overloaded',
      upstreamStatus: 529,
      providerCode: 'overloaded_error',
    });
    log.record(outcome(error));
    expect(recorded).toHaveLength(1);
    expect(lines).toEqual([
      {
        message: 'upstream attempt failed',
        fields: {
          requestId: 'req_42',
          tenantId: 'ten_a',
          deploymentId: 'dep-1',
          provider: 'anthropic',
          upstreamModel: 'claude-x',
          attempt: 2,
          endpoint: 'chat.completions',
          stream: true,
          upstreamStatus: 529,
          errorClass: ErrorClass.ERROR_CLASS_UPSTREAM_5XX,
          providerCode: 'overloaded_error',
          latencyMs: 12,
          error: 'anthropic error: Overloaded',
        },
      },
    ]);
    const text = JSON.stringify(lines);
    expect(text).not.toContain('private');
    expect(text).not.toContain('cred:c1');
  });

  it('logs nothing for a successful attempt', () => {
    const { log, recorded, lines } = setup();
    log.record(outcome(undefined));
    expect([recorded.length, lines.length]).toEqual([1, 0]);
  });
});
