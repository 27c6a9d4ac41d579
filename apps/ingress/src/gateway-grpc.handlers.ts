import { Metadata, ServerErrorResponse, ServerWritableStream } from '@grpc/grpc-js';
import { ApiError, toApiError } from '@switchyard/api-errors';
import type {
  ChatRequest,
  ChatStreamEvent,
  EmbeddingsRequest,
  GatewayChatStreamEvent,
  GatewayServer,
  ModerationRequest,
} from '@switchyard/contracts';
import { checkModerationRequest } from '@switchyard/openai-api';
import { grpcError, requestIdFrom } from '@switchyard/platform';
import type { ChatParser, EmbeddingsParser, Inbound, OneShotParser, StreamRenderer, StreamTransport } from '@switchyard/serving';
import { once } from 'node:events';
import type { IngressDeps } from './ingress-deps';

/** The public gRPC API: the serving pipeline of REST; the body already is the unified message. */
export function gatewayGrpcHandlers(deps: IngressDeps): GatewayServer {
  const failed = (requestId: string, error: unknown): ServerErrorResponse => {
    if (!(error instanceof ApiError)) deps.log.error({ err: error, requestId }, 'gRPC call failed');
    return grpcError(toApiError(error));
  };
  return {
    chatComplete: (call, callback) => {
      const inbound = grpcInbound(call.metadata, call.request);
      deps.serving
        .chat(inbound, grpcChat(false), {
          complete: ({ response, trace, context }) => {
            callback(null, { response, deploymentId: trace.deploymentId, attempts: trace.attempts, requestId: context.requestId });
            return 0;
          },
          // Never called: this RPC's parser sets stream = false.
          stream: () => {
            throw ApiError.internal();
          },
        })
        .catch((error: unknown) => callback(failed(inbound.admission.requestId, error)));
    },
    chatCompleteStream: (call) => {
      const inbound = grpcInbound(call.metadata, call.request);
      deps.serving
        .chat(inbound, grpcChat(true), {
          // Never called: this RPC's parser sets stream = true.
          complete: () => {
            throw ApiError.internal();
          },
          stream: (_request, context) => ({ renderer: GRPC_STREAM_RENDERER, transport: grpcStreamTransport(call, context.requestId) }),
        })
        .catch((error: unknown) => endWithError(call, failed(inbound.admission.requestId, error)));
    },
    embed: (call, callback) => {
      const inbound = grpcInbound(call.metadata, call.request);
      deps.serving
        .embed(inbound, GRPC_EMBEDDINGS, ({ response }) => {
          callback(null, response);
          return 0;
        })
        .catch((error: unknown) => callback(failed(inbound.admission.requestId, error)));
    },
    moderate: (call, callback) => {
      const inbound = grpcInbound(call.metadata, call.request);
      deps.serving
        .moderate(inbound, GRPC_MODERATION, ({ response }) => {
          callback(null, response);
          return 0;
        })
        .catch((error: unknown) => callback(failed(inbound.admission.requestId, error)));
    },
    countTokens: (call, callback) => {
      const inbound = grpcInbound(call.metadata, call.request);
      deps.serving
        .countTokens(inbound, GRPC_COUNT_TOKENS, ({ count }) => {
          callback(null, count);
          return 0;
        })
        .catch((error: unknown) => callback(failed(inbound.admission.requestId, error)));
    },
    listModels: (call, callback) => {
      const inbound = grpcInbound(call.metadata, call.request);
      deps.serving.listModels(inbound).then(
        ({ models }) => callback(null, { models }),
        (error: unknown) => callback(failed(inbound.admission.requestId, error)),
      );
    },
  };
}

/** The unified ChatRequest needs no parsing; the RPC says whether it streams. Validation is the pipeline's, as for REST. */
function grpcChat(stream: boolean): ChatParser<ChatRequest> {
  return { endpoint: 'chat.completions', requestedModel: (r) => r.model, parse: (r) => ({ ...r, stream }) };
}

const GRPC_EMBEDDINGS: EmbeddingsParser<EmbeddingsRequest, { request: EmbeddingsRequest }> = {
  requestedModel: (r) => r.model,
  parse: (request) => ({ request }),
};

const GRPC_MODERATION: OneShotParser<ModerationRequest, ModerationRequest> = {
  requestedModel: (r) => r.model,
  parse: checkModerationRequest,
};

/** Counting generates nothing: the request is counted as it is, never as a stream. */
const GRPC_COUNT_TOKENS: OneShotParser<ChatRequest, ChatRequest> = {
  requestedModel: (r) => r.model,
  parse: (r) => ({ ...r, stream: false }),
};

/** Chunks travel as they are; an in-band error is its own chunk. */
const GRPC_STREAM_RENDERER: StreamRenderer<ChatStreamEvent> = {
  chunk: (event) => [event],
  error: (_error, event) => (event ? [event] : []),
  end: () => [],
};

function grpcInbound<Body>(metadata: Metadata, body: Body): Inbound<Body> {
  const value = (name: string): string | undefined => {
    const v = metadata.get(name)[0];
    return typeof v === 'string' ? v : undefined;
  };
  return {
    admission: {
      credential: value('authorization'),
      feature: value('x-switchyard-feature'),
      requestId: requestIdFrom(value('x-request-id')),
      apiSurface: 'grpc',
      endUser: '',
      nowMs: Date.now(),
    },
    body,
    bodyBytes: 0,
  };
}

/** A server stream: the first message names the deployment and request; cancelled by the caller, it aborts upstream. */
function grpcStreamTransport(
  call: ServerWritableStream<ChatRequest, GatewayChatStreamEvent>,
  requestId: string,
): StreamTransport<ChatStreamEvent> {
  const abort = new AbortController();
  const onCancel = (): void => abort.abort(new Error('caller cancelled'));
  call.on('cancelled', onCancel);
  let deploymentId = '';
  let first = true;
  return {
    signal: abort.signal,
    open: (trace) => {
      deploymentId = trace.deploymentId;
    },
    write: async (chunk) => {
      const message: GatewayChatStreamEvent = { chunk, deploymentId: first ? deploymentId : '', requestId: first ? requestId : '' };
      first = false;
      if (!call.write(message)) await once(call, 'drain');
      return 0;
    },
    close: () => call.end(),
    broke: (error) => endWithError(call, grpcError(error)),
    drop: () => undefined,
    release: () => call.off('cancelled', onCancel),
  };
}

/**
 * Ends a server stream with an error status. grpc-js sends the status on an
 * 'error' event; destroy(error) would drop it and leave the caller waiting.
 */
function endWithError(call: ServerWritableStream<ChatRequest, GatewayChatStreamEvent>, error: ServerErrorResponse): void {
  call.emit('error', error);
}
