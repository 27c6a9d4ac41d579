import { Agent, Dispatcher, request } from 'undici';
import type { UpstreamHeaders, UpstreamRequest } from '../provider-adapter';

export interface UpstreamResponse {
  readonly status: number;
  readonly headers: UpstreamHeaders;
  readonly body: Dispatcher.ResponseData['body'];
}

export interface UpstreamTimeouts {
  /** Until the response headers arrive (time to first byte). */
  readonly firstByteMs: number;
  /** Longest silence allowed between two body chunks. */
  readonly idleMs: number;
}

/**
 * HTTP to providers over long-lived keep-alive connection pools (one per
 * origin, shared by all requests), so the hot path never pays a TCP or TLS
 * handshake. Bodies come back as streams; nothing is buffered here.
 */
export class UpstreamClient {
  private readonly agent: Agent;

  constructor(connectionsPerOrigin = 256) {
    this.agent = new Agent({
      connections: connectionsPerOrigin,
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 600_000,
      connect: { timeout: 5_000 },
    });
  }

  async send(upstream: UpstreamRequest, timeouts: UpstreamTimeouts, signal: AbortSignal): Promise<UpstreamResponse> {
    const response = await request(upstream.url, {
      dispatcher: this.agent,
      method: upstream.method,
      headers: upstream.headers,
      body: upstream.method === 'GET' ? undefined : upstream.body,
      headersTimeout: timeouts.firstByteMs,
      bodyTimeout: timeouts.idleMs,
      signal,
    });
    return { status: response.statusCode, headers: response.headers, body: response.body };
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

export async function readBody(body: UpstreamResponse['body'], maxBytes = 64 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > maxBytes) {
      body.destroy();
      throw new Error(`upstream response larger than ${maxBytes} bytes`);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}
