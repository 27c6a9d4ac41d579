import { ApiError } from '@switchyard/api-errors';

/** A request's query string after validation: every parameter appears at most once. */
export type QueryParams = Readonly<Record<string, string | undefined>>;

/**
 * The one reader of query strings on every HTTP API. Fastify turns a repeated
 * parameter (?tenant_id=a&tenant_id=b) into an array; no endpoint has a
 * multi-valued parameter, so a repeat is the caller's mistake and gets a 400
 * that names it, instead of reaching handlers that expect one string.
 */
export function readQueryParams(query: unknown): QueryParams {
  const params: Record<string, string | undefined> = {};
  if (typeof query !== 'object' || query === null) return params;
  for (const [name, value] of Object.entries(query as Record<string, unknown>)) {
    if (Array.isArray(value)) {
      throw ApiError.invalidRequest(`The query parameter '${name}' appears more than once; send it once.`, name, 'repeated_parameter');
    }
    if (typeof value === 'string') params[name] = value;
  }
  return params;
}
