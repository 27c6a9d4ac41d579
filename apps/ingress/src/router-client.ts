import { ClientReadableStream, Metadata } from '@grpc/grpc-js';
import type {
  ListModelsResponse,
  RequestContext,
  RoutedChatRequest,
  RoutedChatResponse,
  RoutedChatStreamEvent,
  RoutedEmbeddingsRequest,
  RoutedEmbeddingsResponse,
  RouterClient,
} from '@switchyard/contracts';

/** Ingress's view of the router, over one long-lived gRPC channel. */
export class RouterGateway {
  constructor(readonly client: RouterClient) {}

  chat(request: RoutedChatRequest): Promise<RoutedChatResponse> {
    return new Promise((resolve, reject) => {
      this.client.chat(request, metadata(request.context), (error, response) => (error ? reject(error) : resolve(response)));
    });
  }

  async *chatStream(request: RoutedChatRequest, signal: AbortSignal): AsyncGenerator<RoutedChatStreamEvent> {
    const call: ClientReadableStream<RoutedChatStreamEvent> = this.client.chatStream(request, metadata(request.context));
    const cancel = (): void => call.cancel();
    signal.addEventListener('abort', cancel, { once: true });
    try {
      for await (const event of call) yield event as RoutedChatStreamEvent;
    } finally {
      signal.removeEventListener('abort', cancel);
      call.cancel();
    }
  }

  embed(request: RoutedEmbeddingsRequest): Promise<RoutedEmbeddingsResponse> {
    return new Promise((resolve, reject) => {
      this.client.embed(request, metadata(request.context), (error, response) => (error ? reject(error) : resolve(response)));
    });
  }

  listModels(context: RequestContext): Promise<ListModelsResponse> {
    return new Promise((resolve, reject) => {
      this.client.listModels({ context }, metadata(context), (error, response) => (error ? reject(error) : resolve(response)));
    });
  }
}

function metadata(context: RequestContext | undefined): Metadata {
  const md = new Metadata();
  if (context?.requestId) md.set('x-request-id', context.requestId);
  return md;
}
