import { configDigest, roleName } from '@switchyard/control-plane';
import { route } from '../http/admin-route';
import type { AdminRoute } from '../http/admin-route';
import { objectSchema, S } from '../http/views';

/** Routes about the API itself and the caller; the OpenAPI route gets the finished document. */
export function platformRoutes(openApi: () => unknown): AdminRoute[] {
  return [
    route({
      method: 'GET',
      path: '/openapi.json',
      permission: 'public',
      tag: 'meta',
      summary: 'This API as an OpenAPI 3.1 document',
      response: { type: 'object' },
      handle: () => openApi(),
    }),
    route({
      method: 'GET',
      path: '/me',
      permission: 'authenticated',
      tag: 'meta',
      summary: 'Who the caller is and which roles they hold',
      response: objectSchema({
        kind: S.string,
        id: S.string,
        tenant_id: S.string,
        platform_operator: S.bool,
        roles: { type: 'array', items: objectSchema({ tenant_id: S.string, role: S.string }) },
      }),
      handle: ({ principal }) => ({
        kind: principal.kind,
        id: principal.id,
        tenant_id: principal.homeTenantId,
        platform_operator: principal.platformOperator,
        roles: [...principal.tenantRoles].map(([tenantId, role]) => ({ tenant_id: tenantId, role: roleName(role) })),
      }),
    }),
    route({
      method: 'GET',
      path: '/config/digest',
      permission: 'platform.manage',
      tag: 'meta',
      summary: "A fingerprint of this replica's whole configuration (equal on replicas that rebuilt the same state from the log)",
      response: objectSchema({ digest: S.string, entities: S.int }),
      handle: ({ deps }) => configDigest(deps.state),
    }),
  ];
}
