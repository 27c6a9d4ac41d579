import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { maskHeaders, maskQuery } from '../behaviour/journal';
import { ALL_ROUTES } from '../formats';
import { createAppState, type AppOptions, type AppState } from './app-state';
import { handleControl } from './control-api';
import { jsonReply, parseJsonBody, readBody, sendReply } from './http-io';
import { matchRoute, splitDeployment } from './router';
import type { RouteContext } from './types';

export interface RunningServer {
  server: Server;
  app: AppState;
  host: string;
  port: number;
  close(): Promise<void>;
}

export async function listen(options: AppOptions, host: string, port: number): Promise<RunningServer> {
  const app = createAppState(options);
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(app, req, res).catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      if (!res.headersSent) sendReply(res, jsonReply(500, { error: `mock-provider internal error: ${message}` }));
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    app,
    host,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        app.holds.releaseAll();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

async function handle(app: AppState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const startedAt = Date.now();
  const url = new URL(req.url ?? '/', 'http://mock.invalid');
  const method = (req.method ?? 'GET').toUpperCase();
  const rawBody = await readBody(req);
  const { body, invalid } = parseJsonBody(rawBody);

  const control = handleControl(app, method, url.pathname, url.searchParams, body, invalid);
  if (control) return sendReply(res, control);

  const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
  const { deployment, path } = splitDeployment(url.pathname);
  const match = matchRoute(ALL_ROUTES, method, path);
  const journal = app.journal.record({
    receivedAt: new Date().toISOString(),
    method,
    path: url.pathname,
    query: maskQuery(url.searchParams),
    headers: maskHeaders(req.headers),
    body: invalid ? { unparsedText: rawBody.toString('utf8').slice(0, 4096) } : body,
    deployment,
    format: match?.route.family ?? null,
    status: null,
  });
  if (!match) {
    journal.status = 404;
    return sendReply(
      res,
      jsonReply(404, {
        error: { message: `mock-provider has no route ${method} ${path}`, type: 'invalid_request_error', param: null, code: 'unknown_url' },
      }),
    );
  }

  const aborter = new AbortController();
  res.on('close', () => aborter.abort());
  const ctx: RouteContext = {
    req,
    res,
    method,
    path,
    rawPath,
    query: url.searchParams,
    params: match.params,
    rawBody,
    body,
    bodyIsInvalidJson: invalid,
    deployment,
    app,
    journal,
    signal: aborter.signal,
    startedAt,
  };
  await match.route.handle(ctx);
}
