import { MeteredUnit } from '@switchyard/contracts';
import type { Cost, RequestContext, RequestEvent, Usage, UsageEvent } from '@switchyard/contracts';
import { errorClassName } from '@switchyard/api-errors';
import { CallCost, recordedCost, ZERO_COST } from '@switchyard/pricing';

/** The columns usage_events and request_events share: the event and who asked, as the request context says. */
export interface RequestIdentityColumns {
  event_id: string;
  occurred_at_ms: number;
  request_id: string;
  tenant_id: string;
  api_key_id: string;
  plan_id: string;
  feature: string;
  environment: string;
  end_user: string;
  region: string;
  endpoint: string;
}

/** Tokens and cost: an attempt's on usage_events, the sum of a request's attempts on request_events. */
export interface UsageColumns {
  input_tokens: number;
  output_tokens: number;
  cached_input_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
  audio_input_tokens: number;
  audio_output_tokens: number;
  usage_estimated: number;
  cost_micro_usd: number;
  cost_nano_usd: number;
  /** '' (tokens only), 'audio_ms', 'character' or 'image'. */
  metered_unit: string;
  metered_quantity: number;
  metered_variant: string;
}

/** One row of usage_events (one upstream attempt). Column names are the table's. */
export interface UsageRow extends RequestIdentityColumns, UsageColumns {
  deployment_id: string;
  provider: string;
  credential_ref: string;
  upstream_model: string;
  public_model: string;
  requested_model: string;
  policy: string;
  alias: string;
  arm: string;
  attempt_number: number;
  shadow: number;
  stream: number;
  latency_ms: number;
  ttft_ms: number;
  status: string;
  upstream_status: number;
  ingested_at_ms: number;
}

/** One row of request_events (one client request). */
export interface RequestRow extends RequestIdentityColumns, UsageColumns {
  api_surface: string;
  requested_model: string;
  stream: number;
  http_status: number;
  status: string;
  error_message: string;
  latency_ms: number;
  ttft_ms: number;
  deployment_id: string;
  provider: string;
  upstream_model: string;
  public_model: string;
  attempts: number;
  policy: string;
  alias: string;
  arm: string;
  queue_wait_ms: number;
  request_bytes: number;
  response_bytes: number;
  ingested_at_ms: number;
}

function contextColumns(c: RequestContext | undefined) {
  return {
    request_id: c?.requestId ?? '',
    tenant_id: c?.tenantId ?? '',
    api_key_id: c?.apiKeyId ?? '',
    plan_id: c?.planId ?? '',
    feature: c?.feature ?? '',
    environment: c?.environment ?? '',
    end_user: c?.endUser ?? '',
  };
}

const METERED_UNIT_COLUMN: Partial<Record<MeteredUnit, string>> = {
  [MeteredUnit.METERED_UNIT_AUDIO_MS]: 'audio_ms',
  [MeteredUnit.METERED_UNIT_CHARACTER]: 'character',
  [MeteredUnit.METERED_UNIT_IMAGE]: 'image',
};

function meteredUnitColumn(unit: MeteredUnit | undefined): string {
  return (unit && METERED_UNIT_COLUMN[unit]) ?? '';
}

function usageColumns(u: Usage | undefined, cost: CallCost) {
  return {
    input_tokens: u?.inputTokens ?? 0,
    output_tokens: u?.outputTokens ?? 0,
    cached_input_tokens: u?.cachedInputTokens ?? 0,
    cache_write_tokens: u?.cacheWriteTokens ?? 0,
    reasoning_tokens: u?.reasoningTokens ?? 0,
    audio_input_tokens: u?.audioInputTokens ?? 0,
    audio_output_tokens: u?.audioOutputTokens ?? 0,
    usage_estimated: u?.estimated ? 1 : 0,
    cost_micro_usd: cost.microUsd,
    cost_nano_usd: cost.nanoUsd,
    metered_unit: meteredUnitColumn(u?.metered?.unit),
    metered_quantity: u?.metered?.quantity ?? 0,
    metered_variant: u?.metered?.variant ?? '',
  };
}

/** Metering prices nothing: an attempt costs what provider-adapters stamped on it when it ran. */
export function usageRow(event: UsageEvent, nowMs: number): UsageRow {
  return {
    event_id: event.meta?.eventId ?? '',
    occurred_at_ms: event.meta?.occurredAtMs ?? 0,
    ...contextColumns(event.context),
    region: event.region,
    endpoint: event.endpoint,
    deployment_id: event.deploymentId,
    provider: event.provider,
    credential_ref: event.credentialRef,
    upstream_model: event.upstreamModel,
    public_model: event.publicModel || event.upstreamModel,
    requested_model: event.attempt?.requestedModel ?? '',
    policy: event.attempt?.policy ?? '',
    alias: event.attempt?.alias ?? '',
    arm: event.attempt?.arm ?? '',
    attempt_number: event.attempt?.number ?? 0,
    shadow: event.attempt?.shadow ? 1 : 0,
    stream: event.stream ? 1 : 0,
    ...usageColumns(event.usage, recordedCost(event)),
    latency_ms: event.latencyMs,
    ttft_ms: event.ttftMs,
    status: errorClassName(event.errorClass),
    upstream_status: event.upstreamStatus,
    ingested_at_ms: nowMs,
  };
}

/** A request costs the sum of its attempts' stamped costs, which the router adds up on the request's usage. */
export function requestRow(event: RequestEvent, nowMs: number): RequestRow {
  const trace = event.trace;
  return {
    event_id: event.meta?.eventId ?? '',
    occurred_at_ms: event.meta?.occurredAtMs ?? 0,
    ...contextColumns(event.context),
    region: trace?.region ?? '',
    endpoint: event.endpoint,
    api_surface: event.context?.apiSurface ?? '',
    requested_model: event.requestedModel,
    stream: event.stream ? 1 : 0,
    http_status: event.httpStatus,
    status: errorClassName(event.errorClass),
    error_message: event.errorMessage.slice(0, 1000),
    latency_ms: event.latencyMs,
    ttft_ms: event.ttftMs,
    deployment_id: trace?.deploymentId ?? '',
    provider: trace?.provider ?? '',
    upstream_model: trace?.upstreamModel ?? '',
    public_model: trace?.publicModel || trace?.upstreamModel || '',
    attempts: trace?.attempts ?? 0,
    policy: trace?.policy ?? '',
    alias: trace?.alias ?? '',
    arm: trace?.arm ?? '',
    queue_wait_ms: trace?.queueWaitMs ?? 0,
    ...usageColumns(event.usage, requestCost(event.usage?.cost)),
    request_bytes: event.requestBytes,
    response_bytes: event.responseBytes,
    ingested_at_ms: nowMs,
  };
}

function requestCost(cost: Cost | undefined): CallCost {
  return cost ? { microUsd: cost.microUsd, nanoUsd: cost.nanoUsd } : ZERO_COST;
}
