import { auditLogRoutes } from './audit-log/audit-log.routes';
import { adminTokenRoutes } from './admin-tokens/admin-token.routes';
import { apiKeyRoutes } from './api-keys/api-key.routes';
import { budgetRoutes } from './budgets/budget.routes';
import { deploymentRoutes } from './deployments/deployment.routes';
import { featureRoutes } from './features/feature.routes';
import type { AdminRoute } from './http/admin-route';
import { buildOpenApi } from './openapi/build-openapi';
import { planRoutes } from './plans/plan.routes';
import { platformRoutes } from './platform/platform.routes';
import { resealSecretsRoute } from './platform/reseal-secrets.route';
import { providerCredentialRoutes } from './provider-credentials/credential.routes';
import { roleBindingRoutes } from './role-bindings/role-binding.routes';
import { routingRoutes } from './routing/routing.routes';
import { tenantDeletionRoute } from './tenants/tenant-deletion.route';
import { tenantRoutes } from './tenants/tenant.routes';
import { userRoutesAll } from './users/user.routes';

let document: unknown;

/** Every admin route. A new resource kind adds its folder's routes here (see README). */
export const ADMIN_ROUTES: readonly AdminRoute[] = [
  ...platformRoutes(() => (document ??= buildOpenApi(ADMIN_ROUTES))),
  resealSecretsRoute,
  ...tenantRoutes,
  tenantDeletionRoute,
  ...planRoutes,
  ...deploymentRoutes,
  ...providerCredentialRoutes,
  ...userRoutesAll,
  ...roleBindingRoutes,
  ...adminTokenRoutes,
  ...apiKeyRoutes,
  ...featureRoutes,
  ...routingRoutes,
  ...budgetRoutes,
  ...auditLogRoutes,
];

export function adminOpenApi(): unknown {
  return (document ??= buildOpenApi(ADMIN_ROUTES));
}
