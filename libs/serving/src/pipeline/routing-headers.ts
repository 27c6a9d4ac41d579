import type { RoutingTrace } from '@switchyard/contracts';

/** Set (to "true") on an answer whose token figures Switchyard's tokenizer counted, not the provider. */
export const USAGE_ESTIMATED_HEADER = 'x-switchyard-usage-estimated';

/** Why the request went where it went, on every response. */
export function routingHeaders(trace: RoutingTrace | undefined): Record<string, string> {
  if (!trace) return {};
  const headers: Record<string, string> = { 'x-switchyard-attempts': String(trace.attempts) };
  if (trace.deploymentId) headers['x-switchyard-deployment'] = trace.deploymentId;
  if (trace.policy) headers['x-switchyard-policy'] = trace.policy;
  if (trace.alias) headers['x-switchyard-alias'] = trace.alias;
  if (trace.arm) headers['x-switchyard-arm'] = trace.arm;
  if (trace.queueWaitMs > 0) headers['x-switchyard-queue-wait-ms'] = String(trace.queueWaitMs);
  if (trace.candidates.length > 0) headers['x-switchyard-candidates'] = trace.candidates.join(',');
  if (trace.publicModel) headers['x-switchyard-model'] = trace.publicModel;
  if (trace.upstreamModel) headers['x-switchyard-upstream-model'] = trace.upstreamModel;
  return headers;
}

/**
 * A response names the public (catalog) model of the deployment that served
 * it, never the provider's name for it nor the alias or policy asked for; the
 * upstream name is in x-switchyard-upstream-model (docs/routing.md).
 */
export function showPublicModel<Response extends { model: string }>(response: Response, trace: RoutingTrace | undefined): Response {
  if (trace?.publicModel) response.model = trace.publicModel;
  return response;
}
