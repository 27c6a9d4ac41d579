import type { AdminRoute } from '../http/admin-route';
import { acceptsDryRun, acceptsForce } from '../http/call-flags';
import type { JsonSchema } from '../validation/schema';

const DRY_RUN = {
  name: 'dry_run',
  in: 'query',
  required: false,
  schema: { type: 'boolean', default: false },
  description:
    'true: validate, authorize and answer 200 {dry_run, blocked, changes, references, result} describing what would happen; nothing is written or audited',
};
const FORCE = {
  name: 'force',
  in: 'query',
  required: false,
  schema: { type: 'boolean', default: false },
  description: 'true: delete even while other entities name it; they are left as they are and listed in the answer (references)',
};

const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        message: { type: 'string' },
        type: { type: 'string' },
        code: { type: ['string', 'null'] },
        param: { type: ['string', 'null'] },
      },
      required: ['message', 'type', 'code', 'param'],
    },
  },
  required: ['error'],
};

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/** The OpenAPI 3.1 document of the admin API, built from the route table (checked in as libs/admin/openapi.json). */
export function buildOpenApi(routes: readonly AdminRoute[]): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = `/admin/v1${r.path}`;
    const params: unknown[] = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    for (const [name, q] of Object.entries(r.query ?? {}))
      params.push({ name, in: 'query', required: false, description: q.description, schema: q.schema });
    if (acceptsDryRun(r)) params.push(DRY_RUN);
    if (acceptsForce(r)) params.push(FORCE);
    const status = String(r.successStatus ?? (r.method === 'POST' ? 201 : 200));
    const responses: Record<string, unknown> = { [status]: { description: 'OK', content: { 'application/json': { schema: r.response } } } };
    if (r.body || r.query) responses['400'] = errorResponse('Invalid input');
    if (r.permission !== 'public') {
      responses['401'] = errorResponse('Missing or invalid admin token');
      responses['403'] = errorResponse('The caller may not do this (role, or another tenant)');
    }
    if (r.path.includes('{')) responses['404'] = errorResponse('Not found');
    if (r.conflicts)
      responses['409'] = errorResponse(`still_referenced (error.references lists {kind, id, tenant_id, field}): ${r.conflicts}`);
    if (r.unprocessable) responses['422'] = errorResponse(`unknown_reference: ${r.unprocessable}`);
    paths[path] = {
      ...paths[path],
      [r.method.toLowerCase()]: {
        operationId: `${r.method.toLowerCase()}${r.path.replace(/\{(\w+)\}/g, 'By_$1').replace(/[^A-Za-z0-9]+(\w)/g, (_m, c: string) => c.toUpperCase())}`,
        summary: r.summary,
        tags: [r.tag],
        'x-switchyard-permission': r.permission,
        ...(r.permission === 'public' ? { security: [] } : {}),
        ...(params.length > 0 ? { parameters: params } : {}),
        ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: r.body.schema } } } } : {}),
        responses,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Switchyard admin API',
      version: '1.0.0',
      description:
        'Tenants, plans, users, roles, API keys, provider credentials and deployments. Every change is appended to the compacted config topic and acknowledged before the answer. Authenticate with an admin token (Authorization: Bearer sya_…), or the bootstrap operator token for the first calls.',
    },
    servers: [{ url: '/' }],
    security: [{ adminToken: [] }],
    components: { securitySchemes: { adminToken: { type: 'http', scheme: 'bearer' } }, schemas: { Error: ERROR_SCHEMA } },
    paths,
  };
}
