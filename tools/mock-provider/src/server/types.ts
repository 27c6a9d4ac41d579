import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BehaviourConfig } from '../behaviour/config';
import type { Directives } from '../behaviour/directives';
import type { FamilyName, JournalEntry } from '../behaviour/journal';
import type { AppState } from './app-state';

export interface HttpReply {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

/** A frame's bytes, or a function producing them at write time (for values like elapsed latency). */
export type Frame = string | Buffer | (() => string | Buffer);

/**
 * A streamed reply as groups of frames. Group 0 must hold the first content delta; delays,
 * hold/release, cuts and in-stream errors all operate on group boundaries.
 */
export interface StreamPlan {
  kind: 'stream';
  headers: Record<string, string>;
  chunks: Frame[][];
  /** Frames that report an error inside an already-started stream. */
  errorFrames(status: number): Frame[];
}

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  /** Path with any /d/<deployment> prefix removed, percent-decoding left to the route. */
  path: string;
  /** Path exactly as received, prefix included (SigV4 signs this). */
  rawPath: string;
  query: URLSearchParams;
  params: Record<string, string>;
  rawBody: Buffer;
  /** Parsed JSON body, or undefined when empty or not JSON. */
  body: unknown;
  bodyIsInvalidJson: boolean;
  deployment: string | null;
  app: AppState;
  journal: JournalEntry;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  /** Date.now() when the request arrived (Bedrock reports latency from it). */
  startedAt: number;
}

export interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  family: FamilyName;
  handle(ctx: RouteContext): Promise<void>;
}

export interface RunContext {
  behaviour: BehaviourConfig;
  directives: Directives;
  ctx: RouteContext;
}
