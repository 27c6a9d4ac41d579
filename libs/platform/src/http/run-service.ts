import { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { hostname } from 'node:os';
import { Histogram } from 'prom-client';
import { withTimeout } from '../async/with-timeout';
import { createServiceIdentity, ServiceIdentitySettings } from '../grpc/service-identity/service-identity';
import { Readiness } from '../health/readiness';
import { requestIdFrom } from '../ids/request-id';
import { createLogger, Log } from '../logging/logger';
import { NestLogger } from '../logging/nest-logger';
import { createMetricsRegistry, LATENCY_BUCKETS_SECONDS } from '../metrics/metrics';
import { ApiErrorFilter, sendApiError } from './api-error.filter';
import { jsonBodyParser } from './json-body';
import { requestLogFields } from './request-log';
import { ServiceRuntime } from './runtime';

export interface RunServiceOptions {
  service: string;
  /** Builds the root module (the app's module map); it must import PlatformModule.forRuntime(runtime, settings). */
  module: (runtime: ServiceRuntime) => DynamicModule;
  http: {
    host: string;
    port: number;
    bodyLimitBytes?: number;
    /** Load balancers whose X-Forwarded-For names the client (request.ip); empty: the socket's address. */
    trustedProxies?: readonly string[];
    /** Content types read whole as a Buffer (e.g. multipart uploads), each with its own size limit; the route parses them. */
    rawBodies?: readonly { readonly contentType: string; readonly bodyLimitBytes: number }[];
  };
  logLevel: string;
  /** Its key and its peers' public keys (serviceSettingsSpec); a start without them fails unless disabled explicitly. */
  identity: ServiceIdentitySettings;
  shutdown: { graceMs: number; timeoutMs: number };
}

export interface RunningService {
  readonly runtime: ServiceRuntime;
  readonly app: INestApplication;
  readonly url: string;
  /** Drains and stops the service as SIGTERM would. */
  stop(reason?: string): Promise<void>;
}

/**
 * Starts a NestJS service on Fastify with the platform's conventions: JSON logs
 * with request ids, /healthz, /readyz, /metrics, OpenAI-style errors, and a
 * graceful shutdown (not ready -> grace -> stop accepting and drain HTTP/gRPC
 * -> flush producers) on SIGTERM/SIGINT.
 */
// We replace Nest's fastify error handler on purpose (OpenAI-style errors for
// failures before a route runs); fastify warns about any override (FSTWRN004).
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  if (typeof warning === 'string' && warning.includes('overriding an errorHandler')) return;
  (emitWarning as (w: string | Error, ...r: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;

export async function runService(options: RunServiceOptions): Promise<RunningService> {
  const instance = process.env['INSTANCE_ID'] || `${hostname()}-${process.pid}`;
  const log = createLogger({ service: options.service, instance, level: options.logLevel });
  const metrics = createMetricsRegistry(options.service);
  const readiness = new Readiness();
  const identity = createServiceIdentity(options.service, options.identity, log, metrics);
  const runtime: ServiceRuntime = { service: options.service, instance, log, metrics, readiness, identity };

  const bodyLimit = options.http.bodyLimitBytes ?? 1024 * 1024;
  const adapter = new FastifyAdapter({
    bodyLimit,
    logger: false,
    // We replace fastify's error handler on purpose (OpenAI-style errors).
    allowErrorHandlerOverride: true,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => requestIdFrom(req.headers['x-request-id']),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    keepAliveTimeout: 65_000,
    trustProxy: options.http.trustedProxies?.length ? [...options.http.trustedProxies] : false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(options.module(runtime), adapter, {
    logger: new NestLogger(log),
    abortOnError: false,
  });
  app.useGlobalFilters(new ApiErrorFilter(log));
  const fastify = app.getHttpAdapter().getInstance();
  app.useBodyParser('application/json', { bodyLimit }, jsonBodyParser(fastify.getDefaultJsonParser('error', 'error')));
  for (const raw of options.http.rawBodies ?? []) {
    fastify.addContentTypeParser(raw.contentType, { parseAs: 'buffer', bodyLimit: raw.bodyLimitBytes }, (_req, body, done) =>
      done(null, body),
    );
  }
  instrumentHttp(app, runtime);

  await app.listen({ port: options.http.port, host: options.http.host });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : options.http.port;
  const url = `http://${options.http.host}:${port}`;
  log.info({ url }, `${options.service} listening`);

  let stopping: Promise<void> | undefined;
  const stop = (reason = 'stop'): Promise<void> => {
    stopping ??= shutdown(app, runtime, options.shutdown, reason);
    return stopping;
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void stop(signal).then(() => process.exit(0));
    });
  }
  return { runtime, app, url, stop };
}

function instrumentHttp(app: NestFastifyApplication, runtime: ServiceRuntime): void {
  const fastify = app.getHttpAdapter().getInstance();
  const duration = new Histogram({
    name: 'switchyard_http_request_duration_seconds',
    help: 'HTTP request duration by route and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: LATENCY_BUCKETS_SECONDS,
    registers: [runtime.metrics],
  });
  // Errors raised before a route handler runs (body parsing, size limit) never
  // reach Nest's filters, so fastify needs the same mapping.
  fastify.setErrorHandler((error, request, reply) => sendApiError(runtime.log, request, reply, error));
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    duration.observe({ method: request.method, route, status: String(reply.statusCode) }, seconds);
    if (route !== '/healthz' && route !== '/readyz' && route !== '/metrics') {
      runtime.log.info(
        {
          requestId: request.id,
          method: request.method,
          route,
          status: reply.statusCode,
          durationMs: Math.round(reply.elapsedTime * 100) / 100,
          ...requestLogFields(request),
        },
        'http request',
      );
    }
    done();
  });
}

async function shutdown(
  app: INestApplication,
  runtime: ServiceRuntime,
  timing: RunServiceOptions['shutdown'],
  reason: string,
): Promise<void> {
  const { log, readiness } = runtime;
  log.info({ reason }, 'shutting down: no longer ready');
  readiness.markDraining();
  // Give load balancers time to see /readyz fail before we stop accepting.
  if (timing.graceMs > 0) await sleep(timing.graceMs);
  try {
    await withTimeout(app.close(), timing.timeoutMs, `timed out after ${timing.timeoutMs} ms`);
    log.info('shutdown complete');
  } catch (error) {
    log.error({ err: error }, 'shutdown did not complete cleanly');
  }
  await flushLog(log);
}

/** Waits for buffered log lines to reach stdout before the process exits. */
function flushLog(log: Log): Promise<void> {
  return new Promise((resolve) => {
    try {
      log.flush(() => resolve());
    } catch {
      resolve();
    }
    setTimeout(resolve, 1_000).unref();
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
