import { readDirectives } from '../behaviour/directives';
import type { Fault } from '../behaviour/scopes';
import { sendReply, sendTruncated, sleep } from './http-io';
import { writeStream } from './stream-writer';
import type { HttpReply, RouteContext, RunContext, StreamPlan } from './types';

export type ParseOutcome<P> =
  | {
      ok: true;
      value: P;
      /** Text scanned for [[mock:...]] markers: the last user turn. */
      markerText: string;
      /** Prompt size for the context-window check; null where it does not apply. */
      promptTokens: number | null;
    }
  | { ok: false; reply: HttpReply };

/** One provider operation: how to authenticate, parse, fail and answer in that provider's own shapes. */
export interface Exchange<P> {
  authenticate(ctx: RouteContext): HttpReply | null;
  parse(ctx: RouteContext): ParseOutcome<P>;
  errorReply(fault: Fault, ctx: RouteContext): HttpReply;
  respond(value: P, run: RunContext): HttpReply | StreamPlan;
  /**
   * How the provider refuses a prompt its safety filter blocks ([[mock:prompt_filter]]);
   * absent (or null) for providers without a prompt-level filter, which then answer normally.
   */
  promptFilterReply?(value: P, ctx: RouteContext): HttpReply | null;
}

function isStream(out: HttpReply | StreamPlan): out is StreamPlan {
  return (out as StreamPlan).kind === 'stream';
}

function finish(ctx: RouteContext, reply: HttpReply): void {
  ctx.journal.status = reply.status;
  sendReply(ctx.res, reply);
}

export async function runExchange<P>(ctx: RouteContext, exchange: Exchange<P>): Promise<void> {
  const denied = exchange.authenticate(ctx);
  if (denied) return finish(ctx, denied);

  const parsed = exchange.parse(ctx);
  if (!parsed.ok) return finish(ctx, parsed.reply);

  const { scopes, holds } = ctx.app;
  const directives = readDirectives(ctx.req.headers, parsed.markerText);
  const behaviour = scopes.effective(ctx.deployment, directives);
  let fault: Fault | null = scopes.decideFault(ctx.deployment, behaviour, directives);
  if (!fault && parsed.promptTokens !== null) {
    if (directives.contextLength || parsed.promptTokens > behaviour.contextWindowTokens) {
      fault = { kind: 'context_length', promptTokens: parsed.promptTokens, limit: behaviour.contextWindowTokens };
    }
  }

  await sleep(behaviour.latencyMs, ctx.signal);
  if (ctx.signal.aborted) return;
  if (fault) return finish(ctx, exchange.errorReply(fault, ctx));
  const blocked = directives.promptFilter ? exchange.promptFilterReply?.(parsed.value, ctx) : null;
  if (blocked) return finish(ctx, blocked);

  const out = exchange.respond(parsed.value, { behaviour, directives, ctx });
  if (isStream(out)) {
    ctx.journal.status = 200;
    await writeStream(
      ctx.res,
      out,
      {
        firstTokenDelayMs: behaviour.firstTokenDelayMs,
        chunkDelayMs: behaviour.chunkDelayMs,
        cutAfterChunks: behaviour.cutAfterChunks,
        holdToken: directives.holdToken,
        streamError: directives.streamError ?? behaviour.streamError,
      },
      holds,
      ctx.signal,
    );
    return;
  }

  // A non-streamed reply takes latency + first-token delay, and can be held as a whole.
  await sleep(behaviour.firstTokenDelayMs, ctx.signal);
  if (directives.holdToken) await holds.wait(directives.holdToken, ctx.signal);
  if (ctx.signal.aborted) return;
  if (behaviour.cutAfterChunks !== null && out.status < 400) {
    ctx.journal.status = out.status;
    sendTruncated(ctx.res, out);
    return;
  }
  finish(ctx, out);
}
