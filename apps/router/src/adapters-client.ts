import { ClientReadableStream, Metadata } from '@grpc/grpc-js';
import {
  EmbedInvokeRequest,
  EmbedInvokeResponse,
  InvokeRequest,
  InvokeResponse,
  InvokeStreamEvent,
  ProviderAdaptersClient,
} from '@switchyard/contracts';
import type { AttemptPort } from '@switchyard/routing';

/** The attempt port over one long-lived gRPC channel to provider-adapters. */
export class AdaptersClient implements AttemptPort {
  constructor(readonly client: ProviderAdaptersClient) {}

  invoke(request: InvokeRequest): Promise<InvokeResponse> {
    return new Promise((resolve, reject) => {
      this.client.invoke(request, metadata(request), { deadline: deadlineOf(request) }, (error, response) => (error ? reject(error) : resolve(response)));
    });
  }

  async *invokeStream(request: InvokeRequest, signal: AbortSignal): AsyncGenerator<InvokeStreamEvent> {
    const call: ClientReadableStream<InvokeStreamEvent> = this.client.invokeStream(request, metadata(request), { deadline: deadlineOf(request) });
    const cancel = (): void => call.cancel();
    signal.addEventListener('abort', cancel, { once: true });
    try {
      for await (const event of call) yield event as InvokeStreamEvent;
    } finally {
      signal.removeEventListener('abort', cancel);
      // The consumer stopped early (failover or caller gone): stop the upstream too.
      call.cancel();
    }
  }

  embed(request: EmbedInvokeRequest): Promise<EmbedInvokeResponse> {
    return new Promise((resolve, reject) => {
      this.client.embed(request, metadata(request), { deadline: deadlineOf(request) }, (error, response) => (error ? reject(error) : resolve(response)));
    });
  }
}

function metadata(request: { context?: { requestId: string } | undefined }): Metadata {
  const md = new Metadata();
  if (request.context?.requestId) md.set('x-request-id', request.context.requestId);
  return md;
}

function deadlineOf(request: { context?: { deadlineAtMs: number } | undefined }): Date | number {
  const at = request.context?.deadlineAtMs ?? 0;
  return at > 0 ? new Date(at + 1_000) : Infinity;
}
