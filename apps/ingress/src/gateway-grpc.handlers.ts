import { Metadata, ServerWritableStream } from '@grpc/grpc-js';
import { ApiError, toApiError } from '@switchyard/api-errors';
import type { ChatRequest, GatewayChatStreamEvent, GatewayServer } from '@switchyard/contracts';
import { ErrorClass } from '@switchyard/contracts';
import { admitRequest, RequestOutcome } from '@switchyard/requests';
import { errorInfoToApiError } from '@switchyard/openai-api';
import { grpcError, requestIdFrom } from '@switchyard/platform';
import { once } from 'node:events';
import type { IngressDeps } from './ingress-deps';

/** The public gRPC API: the same admission, routing and events as REST. */
export function gatewayGrpcHandlers(deps: IngressDeps): GatewayServer {
  return {
    chatComplete: (call, callback) => {
      const admitted = admit(deps, call.metadata, call.request);
      if ('error' in admitted) return callback(grpcError(admitted.error));
      const pii = deps.pii(admitted.context.tenantId);
      pii.identifyEndUser(admitted.context, admitted.context.endUser);
      const outcome = new RequestOutcome(admitted.context, 'chat.completions', call.request.model, false);
      deps.router
        .chat({ context: admitted.context, request: pii.chatRequest({ ...call.request, stream: false }) })
        .then((routed) => {
          outcome.trace = routed.trace ?? outcome.trace;
          if (routed.outcome?.$case !== 'response') {
            const error = routed.outcome?.error ? errorInfoToApiError(routed.outcome.error) : ApiError.internal();
            outcome.fail(error.status, routed.outcome?.error.errorClass ?? ErrorClass.ERROR_CLASS_INTERNAL, error.message);
            return callback(grpcError(error));
          }
          outcome.usage = routed.outcome.response.usage ?? outcome.usage;
          callback(null, {
            response: pii.chatResponse(routed.outcome.response),
            deploymentId: outcome.trace.deploymentId,
            attempts: outcome.trace.attempts,
            requestId: outcome.context.requestId,
          });
        })
        .catch((error: unknown) => {
          deps.log.error({ err: error, requestId: outcome.context.requestId }, 'gRPC chat failed');
          outcome.fail(500, ErrorClass.ERROR_CLASS_INTERNAL, 'internal error');
          callback(grpcError(ApiError.internal()));
        })
        .finally(() => deps.events.publish(outcome));
    },
    chatCompleteStream: (call) => {
      void streamChat(deps, call);
    },
    embed: (call, callback) => {
      const admitted = admit(deps, call.metadata, { model: call.request.model }, 'model');
      if ('error' in admitted) return callback(grpcError(admitted.error));
      const pii = deps.pii(admitted.context.tenantId);
      pii.identifyEndUser(admitted.context, admitted.context.endUser);
      const outcome = new RequestOutcome(admitted.context, 'embeddings', call.request.model, false);
      deps.router
        .embed({ context: admitted.context, request: pii.embeddingsRequest(call.request) })
        .then((routed) => {
          outcome.trace = routed.trace ?? outcome.trace;
          if (routed.outcome?.$case !== 'response') {
            const error = routed.outcome?.error ? errorInfoToApiError(routed.outcome.error) : ApiError.internal();
            outcome.fail(error.status, routed.outcome?.error.errorClass ?? ErrorClass.ERROR_CLASS_INTERNAL, error.message);
            return callback(grpcError(error));
          }
          outcome.usage = routed.outcome.response.usage ?? outcome.usage;
          callback(null, routed.outcome.response);
        })
        .catch(() => callback(grpcError(ApiError.internal())))
        .finally(() => deps.events.publish(outcome));
    },
    listModels: (call, callback) => {
      const admitted = admit(deps, call.metadata, {}, 'nothing');
      if ('error' in admitted) return callback(grpcError(admitted.error));
      deps.router.listModels(admitted.context).then(
        ({ models }) => callback(null, { models }),
        (error: unknown) => {
          deps.log.error({ err: error, requestId: admitted.context.requestId }, 'gRPC list models failed');
          callback(grpcError(ApiError.internal()));
        },
      );
    },
  };
}

async function streamChat(deps: IngressDeps, call: ServerWritableStream<ChatRequest, GatewayChatStreamEvent>): Promise<void> {
  const admitted = admit(deps, call.metadata, call.request);
  if ('error' in admitted) {
    call.destroy(grpcError(admitted.error));
    return;
  }
  const pii = deps.pii(admitted.context.tenantId);
  pii.identifyEndUser(admitted.context, admitted.context.endUser);
  const outcome = new RequestOutcome(admitted.context, 'chat.completions', call.request.model, true);
  const abort = new AbortController();
  call.on('cancelled', () => abort.abort(new Error('caller cancelled')));
  let first = true;
  try {
    for await (const event of deps.router.chatStream(
      { context: admitted.context, request: pii.chatRequest({ ...call.request, stream: true }) },
      abort.signal,
    )) {
      const e = event.event;
      if (!e) continue;
      if (e.$case === 'failed') {
        outcome.trace = e.failed.trace ?? outcome.trace;
        const error = errorInfoToApiError(e.failed.error!);
        outcome.fail(error.status, e.failed.error!.errorClass, error.message);
        call.destroy(grpcError(error));
        return;
      }
      if (e.$case === 'started') {
        outcome.trace = e.started.trace ?? outcome.trace;
        continue;
      }
      for (const chunk of pii.streamEvent(e.chunk)) {
        const inner = chunk.event;
        if (inner?.$case === 'usage') outcome.usage = inner.usage;
        if (inner?.$case === 'delta') outcome.markFirstToken();
        if (inner?.$case === 'error') outcome.fail(errorInfoToApiError(inner.error).status, inner.error.errorClass, inner.error.message);
        const message: GatewayChatStreamEvent = {
          chunk,
          deploymentId: first ? outcome.trace.deploymentId : '',
          requestId: first ? outcome.context.requestId : '',
        };
        first = false;
        if (!call.write(message)) await once(call, 'drain');
      }
    }
    call.end();
  } catch (error) {
    deps.log.error({ err: error, requestId: outcome.context.requestId }, 'gRPC stream failed');
    outcome.fail(502, ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED, 'stream failed');
    call.destroy(grpcError(toApiError(error)));
  } finally {
    deps.events.publish(outcome);
  }
}

function admit(
  deps: IngressDeps,
  metadata: Metadata,
  request: Partial<ChatRequest>,
  needs: 'messages' | 'model' | 'nothing' = 'messages',
): { context: ReturnType<typeof admitRequest>['context'] } | { error: ApiError } {
  try {
    if (needs !== 'nothing' && !request.model)
      throw ApiError.invalidRequest("Missing required parameter: 'model'.", 'model', 'missing_required_parameter');
    if (needs === 'messages' && (!request.messages || request.messages.length === 0))
      throw ApiError.invalidRequest("Invalid 'messages': empty array.", 'messages', 'empty_array');
    const value = (name: string): string | undefined => {
      const v = metadata.get(name)[0];
      return typeof v === 'string' ? v : undefined;
    };
    const { context } = admitRequest(deps.config, {
      credential: value('authorization'),
      feature: value('x-switchyard-feature'),
      requestId: requestIdFrom(value('x-request-id')),
      apiSurface: 'grpc',
      endUser: request.endUser ?? '',
      nowMs: Date.now(),
    });
    return { context };
  } catch (error) {
    return { error: toApiError(error) };
  }
}
