import { ApiError } from '@switchyard/api-errors';
import { ConfigEvent } from '@switchyard/contracts';
import { authenticateAdmin, authorize, configEventKey } from '@switchyard/control-plane';
import type { AdminAuthRejection, AdminPrincipal } from '@switchyard/control-plane';
import { findReferences } from '../references/config-references';
import type { ConfigReference, ReferenceTarget } from '../references/config-references';
import { forbidden, stillReferenced } from './admin-errors';
import type { AdminDeps, AdminQuery, AdminResult, AdminRoute, ConfigEntity } from './admin-route';
import { routeId } from './admin-route';
import { readCallFlags } from './call-flags';

export interface AdminRequest {
  readonly method: string;
  /** Path below /admin/v1, without the query string. */
  readonly path: string;
  readonly authorization: string | undefined;
  /** The query string, already read by readQueryParams (a repeated parameter is a 400 there). */
  readonly query?: AdminQuery;
  readonly body: unknown;
  readonly sourceIp: string;
  readonly requestId: string;
}

interface CompiledRoute {
  readonly route: AdminRoute;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

const ANONYMOUS: AdminPrincipal = { kind: 'user', id: '', homeTenantId: '', platformOperator: false, tenantRoles: new Map() };

/**
 * The admin API without a web framework: matches the route table, then
 * authenticates, authorizes (before any lookup), validates the body and runs
 * the handler. Errors are thrown as ApiError; the host renders them.
 */
export class AdminApi {
  private readonly compiled: readonly CompiledRoute[];

  constructor(
    readonly routes: readonly AdminRoute[],
    private readonly deps: AdminDeps,
  ) {
    const ids = new Set<string>();
    this.compiled = routes.map((route) => {
      if (ids.has(routeId(route))) throw new Error(`duplicate admin route ${routeId(route)}`);
      ids.add(routeId(route));
      const names: string[] = [];
      const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      return { route, pattern: new RegExp(`^${source}$`), names };
    });
  }

  async handle(request: AdminRequest): Promise<AdminResult> {
    const { route, params } = this.match(request.method, request.path);
    const nowMs = this.deps.now();
    const principal = route.permission === 'public' ? ANONYMOUS : this.authenticate(request.authorization, nowMs);
    if (route.permission !== 'public') {
      const decision = authorize(principal, route.permission, params['tenantId']);
      if (!decision.allowed) throw forbidden(decision.reason);
    }
    const query = request.query ?? {};
    for (const name of Object.keys(query))
      if (route.query?.[name] === undefined && route.query !== undefined)
        throw ApiError.invalidRequest(`Unknown query parameter '${name}'.`, name, 'unknown_parameter');
    const body = route.body ? route.body.parse(request.body ?? {}, '') : undefined;
    const flags = readCallFlags(route, query);
    const operation = `${route.method} /admin/v1${route.path}`;
    const changes: { action: 'write' | 'delete'; key: string }[] = [];
    const references: ConfigReference[] = [];
    const write = async (entity: ConfigEntity, deleted = false) => {
      const actor = {
        kind: principal.kind,
        id: principal.id,
        tenantId: principal.homeTenantId,
        sourceIp: request.sourceIp,
        requestId: request.requestId,
        operation,
      };
      if (flags.dryRun) {
        const preview = ConfigEvent.fromPartial({ actor, entity, deleted });
        changes.push({ action: deleted ? 'delete' : 'write', key: configEventKey(preview) });
        return preview;
      }
      const event = await this.deps.writer.write(entity, actor, deleted);
      await this.deps.applied(event);
      return event;
    };
    const checkReferences = (target: ReferenceTarget) => {
      const found = findReferences(this.deps.state, target, nowMs);
      references.push(...found);
      if (found.length > 0 && !flags.force && !flags.dryRun) throw stillReferenced(TARGET_LABELS[target.kind], target.id, found);
    };
    const result = await route.handle({
      params,
      query,
      body,
      principal,
      deps: this.deps,
      nowMs,
      write,
      dryRun: flags.dryRun,
      checkReferences,
    });
    if (flags.dryRun) {
      // Nothing was written, so nothing is audited either: the audit log records config events only.
      // blocked: the same call without dry_run answers 409; changes and result are then what force=true would do.
      const blocked = references.length > 0 && !flags.force;
      return { status: 200, body: { dry_run: true, blocked, changes, references, result } };
    }
    // force=true: what was left dangling is part of the answer.
    const answer = references.length > 0 && isRecord(result) ? { ...result, references } : result;
    return { status: route.successStatus ?? (route.method === 'POST' ? 201 : 200), body: answer };
  }

  private match(method: string, path: string): { route: AdminRoute; params: Record<string, string> } {
    let pathMatched = false;
    for (const { route, pattern, names } of this.compiled) {
      const m = pattern.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1] ?? '');
      });
      return { route, params };
    }
    if (pathMatched)
      throw new ApiError(405, 'invalid_request_error', 'method_not_allowed', `Method ${method} is not allowed on /admin/v1${path}.`);
    throw new ApiError(404, 'invalid_request_error', 'unknown_url', `Unknown request URL: ${method} /admin/v1${path}.`);
  }

  private authenticate(header: string | undefined, nowMs: number): AdminPrincipal {
    const result = authenticateAdmin(this.deps.state, header, nowMs, this.deps.bootstrap);
    if (result.ok) return result.principal;
    throw unauthenticated(result.reason);
  }
}

const TARGET_LABELS: Record<ReferenceTarget['kind'], string> = {
  deployment: 'deployment',
  provider_credential: 'provider credential',
  alias: 'alias',
  routing_policy: 'routing policy',
  plan: 'plan',
  feature: 'feature',
  alert_webhook: 'alert webhook',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const REJECTIONS: Record<AdminAuthRejection, [string, string]> = {
  missing: ['missing_admin_token', 'The admin API needs an admin token: send Authorization: Bearer <admin token>.'],
  data_plane_key: ['data_plane_key', 'This is a data-plane API key; the admin API accepts admin tokens only.'],
  unknown: ['invalid_admin_token', 'The admin token is not valid.'],
  revoked: ['admin_token_revoked', 'This admin token has been revoked.'],
  expired: ['admin_token_expired', 'This admin token has expired.'],
  user_disabled: ['user_disabled', 'The user this admin token belongs to is disabled.'],
};

function unauthenticated(reason: AdminAuthRejection): ApiError {
  const [code, message] = REJECTIONS[reason];
  return new ApiError(401, 'invalid_request_error', code, message);
}
