import type { RoutingTrace } from '@switchyard/contracts';
import { SSE_HEADERS } from '@switchyard/openai-api';
import { annotateRequestLog } from '@switchyard/platform';
import { routingHeaders } from '@switchyard/serving';
import type { Inbound, StreamTransport } from '@switchyard/serving';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { once } from 'node:events';
import type { IngressDeps } from './ingress-deps';

/** A REST request as the serving pipeline takes it: Anthropic callers authenticate with x-api-key, OpenAI callers with Bearer. */
export function httpInbound(req: FastifyRequest, surface: 'openai' | 'anthropic'): Inbound<unknown> {
  const headers = req.headers;
  const credential = surface === 'anthropic' && typeof headers['x-api-key'] === 'string' ? headers['x-api-key'] : headers.authorization;
  const feature = headers['x-switchyard-feature'];
  return {
    admission: {
      credential,
      feature: Array.isArray(feature) ? feature[0] : feature,
      requestId: req.id,
      apiSurface: surface,
      endUser: '',
      nowMs: Date.now(),
    },
    body: req.body,
    bodyBytes: Number(req.headers['content-length'] ?? 0) || 0,
    // Tenant, model and deployment on the request's log line (ids and names only, never the key).
    recorded: (outcome) =>
      annotateRequestLog(req, () => ({
        tenantId: outcome.context.tenantId,
        model: outcome.requestedModel,
        deploymentId: outcome.trace.deploymentId,
      })),
  };
}

/** The model a JSON body names, whatever else is wrong with it. */
export function requestedModel(body: unknown): string {
  const model = (body as { model?: unknown } | null)?.model;
  return typeof model === 'string' ? model : '';
}

/** Sends a rendered JSON answer with its routing headers; returns its size. */
export function sendJson(
  deps: IngressDeps,
  reply: FastifyReply,
  endpoint: string,
  body: unknown,
  headers: Record<string, string>,
  trace: RoutingTrace,
): number {
  return sendBody(deps, reply, endpoint, { body: JSON.stringify(body), contentType: 'application/json' }, headers, trace);
}

/** Sends a rendered answer of any type with its routing headers; returns its size. Overhead is observed here, where the response ends. */
export function sendBody(
  deps: IngressDeps,
  reply: FastifyReply,
  endpoint: string,
  rendered: { readonly body: string; readonly contentType: string },
  headers: Record<string, string>,
  trace: RoutingTrace,
): number {
  void reply.code(200).headers(headers).header('content-type', rendered.contentType).send(rendered.body);
  deps.overhead.observe(endpoint, reply.elapsedTime, trace);
  return Buffer.byteLength(rendered.body);
}

/** An SSE response: hijacked from Fastify once a deployment answers, written with backpressure, cancelled when the client leaves. */
export function sseTransport(reply: FastifyReply, requestId: string): StreamTransport<string> {
  return streamTransport(reply, requestId, SSE_HEADERS, true);
}

/**
 * A streamed response of any type (SSE, audio bytes). A break after it opened
 * ends it with the surface's error frames where it has them (`inBand`), or
 * else (plain audio) cuts the connection, so the client cannot take it for complete.
 */
export function streamTransport<Frame extends string | Buffer>(
  reply: FastifyReply,
  requestId: string,
  headers: Readonly<Record<string, string>>,
  inBand: boolean,
): StreamTransport<Frame> {
  const abort = new AbortController();
  const raw = reply.raw;
  const onClose = (): void => {
    if (!raw.writableFinished) abort.abort(new Error('client went away'));
  };
  raw.on('close', onClose);
  return {
    signal: abort.signal,
    open: (trace) => {
      reply.hijack();
      raw.writeHead(200, { ...headers, ...routingHeaders(trace), 'x-request-id': requestId });
    },
    write: async (frame) => {
      // Backpressure: a slow client slows the upstream read instead of piling up here.
      if (!raw.write(frame)) await once(raw, 'drain');
      return Buffer.byteLength(frame);
    },
    // A stream that already broke (ended with its error frames, or cut) has nothing left to end.
    close: () => {
      if (!raw.destroyed && !raw.writableEnded) raw.end();
    },
    broke: (_error, frames) => (inBand ? raw.end(Buffer.concat(frames.map((f) => Buffer.from(f)))) : raw.destroy()),
    drop: () => raw.destroy(),
    release: () => raw.off('close', onClose),
  };
}
