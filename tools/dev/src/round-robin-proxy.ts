import { createServer, request as httpRequest, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A minimal HTTP load balancer for local stacks with several ingress
 * replicas: each request goes to the next upstream in turn; bodies and
 * responses (SSE included) are piped, never buffered.
 */
export class RoundRobinProxy {
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(upstreams: () => readonly string[]): Promise<RoundRobinProxy> {
    let next = 0;
    const server = createServer((req, res) => {
      const targets = upstreams();
      const target = new URL(targets[next++ % targets.length]!);
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: {
              message: 'The load balancer could not reach an ingress replica.',
              type: 'api_error',
              code: 'bad_gateway',
              param: null,
            },
          }),
        );
      });
      req.pipe(upstream);
      res.on('close', () => upstream.destroy());
    });
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new RoundRobinProxy(server, `http://127.0.0.1:${port}`);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
