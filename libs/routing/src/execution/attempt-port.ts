import type { EmbedInvokeRequest, EmbedInvokeResponse, InvokeRequest, InvokeResponse, InvokeStreamEvent } from '@switchyard/contracts';

/** How the router reaches provider-adapters (gRPC in production, anything in tests). */
export interface AttemptPort {
  invoke(request: InvokeRequest): Promise<InvokeResponse>;
  invokeStream(request: InvokeRequest, signal: AbortSignal): AsyncIterable<InvokeStreamEvent>;
  embed(request: EmbedInvokeRequest): Promise<EmbedInvokeResponse>;
}
