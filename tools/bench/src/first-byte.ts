import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

/** One POST whose response is timed to its first body byte and, optionally, to the first sight of a marker. */
export interface TimedRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** Text whose first appearance in the response body is timed too (an SSE event type, say). */
  readonly marker?: string;
}

/** Milliseconds from handing the request to the socket. */
export interface FirstByteTiming {
  readonly status: number;
  readonly firstByteMs: number;
  /** undefined: the marker never appeared. */
  readonly markerMs: number | undefined;
  readonly totalMs: number;
  readonly bytes: number;
  /** The body's first bytes, to say what went wrong when the status is not 200. */
  readonly head: string;
  /** False when this request had to open a new connection. */
  readonly reusedConnection: boolean;
}

/**
 * A single keep-alive connection that sends one request at a time, so what
 * it measures is latency, not queueing. node:http rather than fetch or an
 * SDK: its 'data' events are the body's bytes as they arrive.
 */
export class TimedConnection {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });

  send(target: TimedRequest): Promise<FirstByteTiming> {
    const url = new URL(target.url);
    const marker = target.marker;
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: `${url.pathname}${url.search}`,
          method: 'POST',
          agent: this.agent,
          headers: { ...target.headers, 'content-length': String(target.body.length) },
        },
        (res) => {
          let firstByteMs: number | undefined;
          let markerMs: number | undefined;
          let bytes = 0;
          let head = '';
          // The end of the previous chunk, so a marker split across two chunks is still seen.
          let tail = '';
          res.on('data', (chunk: Buffer) => {
            const now = performance.now();
            firstByteMs ??= now - started;
            bytes += chunk.length;
            if (head.length < 300) head += chunk.toString('utf8', 0, 300 - head.length);
            if (marker !== undefined && markerMs === undefined) {
              const text = tail + chunk.toString('latin1');
              if (text.includes(marker)) markerMs = now - started;
              else tail = text.slice(-marker.length);
            }
          });
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              firstByteMs: firstByteMs ?? Number.NaN,
              markerMs,
              totalMs: performance.now() - started,
              bytes,
              head,
              reusedConnection: req.reusedSocket,
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(target.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
