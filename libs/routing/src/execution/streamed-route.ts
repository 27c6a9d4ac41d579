import type { Cost, Deployment, ErrorInfo, RateLimitInfo, RoutedStreamOf, RoutingTrace, Usage } from '@switchyard/contracts';
import type { AttemptLoop, AttemptReport } from './attempt-loop';
import { streamBroken, unreachable } from './attempt-reports';
import { RequestCost, UsageHold } from './request-cost';

/** What provider-adapters streams for one attempt (InvokeStreamEvent, AudioInvokeStreamEvent). */
export interface AttemptStreamEvent<Chunk> {
  readonly chunk?: Chunk | undefined;
  /** Set on the first event only. */
  readonly rateLimit?: RateLimitInfo | undefined;
  /** Set on the attempt's last event: what it cost. */
  readonly cost?: Cost | undefined;
}

/** How one kind of stream (chat, audio) says it failed and what it used. */
export interface StreamShape<Chunk> {
  errorOf(chunk: Chunk): ErrorInfo | undefined;
  usageOf(chunk: Chunk): Usage | undefined;
  errorChunk(error: ErrorInfo): Chunk;
}

export interface StreamedAttempts<Chunk> {
  readonly candidates: readonly Deployment[];
  readonly deadlineAtMs: number;
  readonly tokens: number;
  open(deployment: Deployment, number: number): AsyncIterable<AttemptStreamEvent<Chunk>>;
  /** Called once the first attempt is on its way (shadow copies). */
  sent(): void;
  /** Charges the deployment's token bucket with what the stream used. */
  settle(deployment: Deployment, usage: Usage | undefined): void;
}

interface OpenStream<Chunk> {
  readonly first: Chunk;
  readonly rest: AsyncIterator<AttemptStreamEvent<Chunk>>;
}

/**
 * Runs a stream over the attempt loop: it fails over only until its first
 * event reaches the caller; after that, a failure ends it with an error
 * event. The usage event waits for the attempt's cost (it comes after the
 * last chunk), so the caller sees the request's cost on it.
 */
export async function* streamRoute<Chunk>(
  shape: StreamShape<Chunk>,
  loop: AttemptLoop,
  now: () => number,
  attempts: StreamedAttempts<Chunk>,
  trace: RoutingTrace,
  signal: AbortSignal,
): AsyncGenerator<RoutedStreamOf<Chunk>> {
  const result = await loop.run<OpenStream<Chunk>>(
    {
      candidates: attempts.candidates,
      deadlineAtMs: attempts.deadlineAtMs,
      cost: { tokens: attempts.tokens },
      signal,
      attempt: (deployment, number) => {
        const opened = openStream(shape, now, attempts.open(deployment, number));
        attempts.sent();
        return opened;
      },
    },
    trace,
  );
  if (signal.aborted) {
    if (result.ok) await result.value.rest.return?.();
    return;
  }
  if (!result.ok) {
    yield { event: { $case: 'failed', failed: { error: result.error, trace } } };
    return;
  }
  const { first, rest } = result.value;
  let usage = shape.usageOf(first);
  // Attempts that failed before their first event used nothing; the cost of the one that streams comes last.
  const spent = new RequestCost();
  const hold = new UsageHold<Chunk>((chunk) => shape.usageOf(chunk));
  try {
    yield { event: { $case: 'started', started: { trace } } };
    if (!hold.hold(first)) yield { event: { $case: 'chunk', chunk: first } };
    for (;;) {
      const step = await rest.next();
      if (step.done) break;
      spent.add(step.value.cost);
      const chunk = step.value.chunk;
      if (!chunk) continue;
      usage = shape.usageOf(chunk) ?? usage;
      if (!hold.hold(chunk)) yield { event: { $case: 'chunk', chunk } };
    }
    for (const chunk of hold.release(spent)) yield { event: { $case: 'chunk', chunk } };
  } catch (error) {
    if (!signal.aborted) {
      for (const chunk of hold.release(spent)) yield { event: { $case: 'chunk', chunk } };
      yield { event: { $case: 'chunk', chunk: shape.errorChunk(streamBroken(error)) } };
    }
  } finally {
    await rest.return?.();
    attempts.settle(result.deployment, usage);
  }
}

/** Opens a stream and waits for its first event: an error there is a failed attempt the loop may fail over from. */
async function openStream<Chunk>(
  shape: StreamShape<Chunk>,
  now: () => number,
  events: AsyncIterable<AttemptStreamEvent<Chunk>>,
): Promise<AttemptReport<OpenStream<Chunk>>> {
  const started = now();
  const rest = events[Symbol.asyncIterator]();
  let step: IteratorResult<AttemptStreamEvent<Chunk>>;
  try {
    step = await rest.next();
  } catch (error) {
    await rest.return?.();
    return unreachable(error, now() - started);
  }
  const latencyMs = now() - started;
  const first = step.done ? undefined : step.value.chunk;
  const rateLimit = step.done ? undefined : step.value.rateLimit;
  const firstError = first === undefined ? undefined : shape.errorOf(first);
  if (first === undefined || firstError) {
    await rest.return?.();
    const error = firstError ?? streamBroken(new Error('the stream ended before its first event'));
    return { value: undefined, error, latencyMs, rateLimit };
  }
  return { value: { first, rest }, error: undefined, latencyMs, rateLimit };
}
