import { ApiError } from '@switchyard/api-errors';
import { RequestContext } from '@switchyard/contracts';
import type { ApiKey, Tenant } from '@switchyard/contracts';
import { authenticateApiKey, ConfigState } from '@switchyard/control-plane';

export interface AdmissionInput {
  /** Authorization header ("Bearer …") or Anthropic's x-api-key value. */
  readonly credential: string | undefined;
  /** x-switchyard-feature header. */
  readonly feature: string | undefined;
  readonly requestId: string;
  readonly apiSurface: 'openai' | 'anthropic' | 'grpc';
  readonly endUser: string;
  readonly nowMs: number;
}

export interface Admission {
  readonly key: ApiKey;
  readonly tenant: Tenant;
  readonly context: RequestContext;
}

const FEATURE = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Who is calling and with what scope: authenticates the key and builds the
 * request context every later hop and event carries. Refusals are the
 * OpenAI-style errors a client sees.
 */
export function admitRequest(state: ConfigState, input: AdmissionInput): Admission {
  const check = authenticateApiKey(state, input.credential, input.nowMs);
  if (!check.ok) throw rejection(check.reason, input.credential);
  const { key, tenant } = check;
  const feature = chooseFeature(state, key, input.feature);
  return {
    key,
    tenant,
    context: RequestContext.fromPartial({
      requestId: input.requestId,
      tenantId: tenant.id,
      apiKeyId: key.id,
      planId: key.planId || tenant.planId,
      feature,
      allowedRegions: intersectRegions(tenant.allowedRegions, key.allowedRegions),
      allowedModels: key.allowedModels,
      endUser: input.endUser,
      receivedAtMs: input.nowMs,
      apiSurface: input.apiSurface,
    }),
  };
}

/**
 * The feature a request is attributed to. A tenant that defines features
 * (admin API, `tenants/{id}/features`) gets a 400 for a name it did not
 * define: a typo would otherwise bill to a tag no budget or report knows.
 * A tenant without any features may tag freely (the value is recorded as sent).
 */
function chooseFeature(state: ConfigState, key: ApiKey, header: string | undefined): string {
  if (header !== undefined && header !== '') {
    if (!FEATURE.test(header)) {
      throw ApiError.invalidRequest(
        'The x-switchyard-feature header must be 1-64 characters of letters, digits and ._:-',
        null,
        'invalid_feature',
      );
    }
    if (key.features.length > 0 && !key.features.includes(header)) {
      throw new ApiError(403, 'permission_error', 'feature_not_allowed', `This API key may not be used for the feature '${header}'.`);
    }
    if (!state.feature(key.tenantId, header) && tenantDefinesFeatures(state, key.tenantId)) {
      throw ApiError.invalidRequest(
        `The feature '${header}' (x-switchyard-feature) is not defined for this account; use one of its features or define it first.`,
        null,
        'unknown_feature',
      );
    }
    return header;
  }
  return key.features.length === 1 ? (key.features[0] ?? '') : '';
}

// Only reached for a name the tenant did not define, so the scan is off the hot path.
function tenantDefinesFeatures(state: ConfigState, tenantId: string): boolean {
  for (const feature of state.features.values()) if (feature.tenantId === tenantId) return true;
  return false;
}

/** A key can only narrow its tenant's regions, never widen them. */
function intersectRegions(tenantRegions: readonly string[], keyRegions: readonly string[]): string[] {
  if (tenantRegions.length === 0) return [...keyRegions];
  if (keyRegions.length === 0) return [...tenantRegions];
  const narrowed = keyRegions.filter((r) => tenantRegions.includes(r));
  // An empty intersection must not mean "anywhere": keep an impossible region.
  return narrowed.length > 0 ? narrowed : ['none'];
}

function rejection(reason: string, credential: string | undefined): ApiError {
  switch (reason) {
    case 'missing':
      return new ApiError(
        401,
        'invalid_request_error',
        'missing_api_key',
        "You didn't provide an API key. Provide your Switchyard API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      );
    case 'revoked':
      return new ApiError(401, 'invalid_request_error', 'api_key_revoked', 'This API key has been revoked.');
    case 'expired':
      return new ApiError(401, 'invalid_request_error', 'api_key_expired', 'This API key has expired.');
    case 'rotated':
      return new ApiError(
        401,
        'invalid_request_error',
        'api_key_rotated',
        'This API key was rotated and its overlap window has ended; use its replacement.',
      );
    case 'tenant_suspended':
      return new ApiError(403, 'permission_error', 'account_suspended', 'The account this API key belongs to is suspended.');
    default:
      return new ApiError(401, 'invalid_request_error', 'invalid_api_key', `Incorrect API key provided: ${mask(credential)}.`);
  }
}

function mask(credential: string | undefined): string {
  const key = (credential ?? '').replace(/^Bearer\s+/, '');
  return key.length <= 12 ? '****' : `${key.slice(0, 12)}****${key.slice(-4)}`;
}
