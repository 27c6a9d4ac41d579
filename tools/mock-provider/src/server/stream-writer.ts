import type { ServerResponse } from 'node:http';
import type { StreamErrorConfig } from '../behaviour/config';
import type { HoldRegistry } from '../behaviour/holds';
import { sleep } from './http-io';
import type { Frame, StreamPlan } from './types';

export interface StreamTiming {
  firstTokenDelayMs: number;
  chunkDelayMs: number;
  cutAfterChunks: number | null;
  holdToken?: string;
  streamError: StreamErrorConfig | null;
}

function writeFrames(res: ServerResponse, frames: Frame[]): Promise<void> {
  const data = Buffer.concat(
    frames.map((frame) => {
      const f = typeof frame === 'function' ? frame() : frame;
      return typeof f === 'string' ? Buffer.from(f, 'utf8') : f;
    }),
  );
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    res.write(data, () => resolve());
  });
}

export async function writeStream(
  res: ServerResponse,
  plan: StreamPlan,
  timing: StreamTiming,
  holds: HoldRegistry,
  signal: AbortSignal,
): Promise<void> {
  res.writeHead(200, plan.headers);
  res.flushHeaders();
  await sleep(timing.firstTokenDelayMs, signal);

  for (let i = 0; i < plan.chunks.length; i++) {
    if (signal.aborted) return;
    if (i > 0) await sleep(timing.chunkDelayMs, signal);
    if (timing.streamError && i === timing.streamError.afterChunks) {
      await writeFrames(res, plan.errorFrames(timing.streamError.status));
      res.end();
      return;
    }
    await writeFrames(res, plan.chunks[i] ?? []);
    if (timing.cutAfterChunks !== null && i + 1 >= timing.cutAfterChunks) {
      // No terminating chunk: the client sees the connection drop mid-body.
      res.socket?.destroy();
      return;
    }
    if (i === 0 && timing.holdToken) await holds.wait(timing.holdToken, signal);
  }
  if (timing.streamError && timing.streamError.afterChunks >= plan.chunks.length) {
    await writeFrames(res, plan.errorFrames(timing.streamError.status));
  }
  res.end();
}
