import type { Actor, ConfigEvent, ListEntriesRequest, ListEntriesResponse, VerifyChainResponse } from '@switchyard/contracts';
import type { AdminPrincipal, BootstrapCredential, ConfigState, CredentialCipher, Permission } from '@switchyard/control-plane';
import type { ReferenceTarget } from '../references/config-references';
import type { Field, JsonSchema } from '../validation/schema';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type ConfigEntity = NonNullable<ConfigEvent['entity']>;

/** Appends a config event and resolves once Kafka acknowledged it (the config-sync ConfigWriter). */
export interface ConfigAppender {
  write(entity: ConfigEntity, actor: Partial<Actor>, deleted?: boolean): Promise<ConfigEvent>;
}

/** A request's query string, each parameter at most once (the host reads it with readQueryParams). */
export type AdminQuery = Readonly<Record<string, string | undefined>>;

/** The audit service's AuditQuery, as the tenant audit-log routes read it (ingress wires a gRPC client). */
export interface AuditLogReader {
  list(request: ListEntriesRequest): Promise<ListEntriesResponse>;
  verify(tenantId: string): Promise<VerifyChainResponse>;
}

/** What the admin API needs from its host (ingress wires these). */
export interface AdminDeps {
  readonly state: ConfigState;
  readonly writer: ConfigAppender;
  /** Resolves once this replica's state has applied the event (read-your-writes); bounded wait. */
  readonly applied: (event: ConfigEvent) => Promise<void>;
  /** Seals provider secrets; undefined when no key-encryption key is configured. */
  readonly cipher: CredentialCipher | undefined;
  readonly bootstrap: BootstrapCredential | undefined;
  /** Undefined when no audit service is configured: the audit-log routes answer 503. */
  readonly auditLog?: AuditLogReader;
  readonly now: () => number;
}

/** One admin call, after authentication, authorization and body validation. */
export interface AdminCall<B> {
  readonly params: Readonly<Record<string, string>>;
  readonly query: AdminQuery;
  readonly body: B;
  readonly principal: AdminPrincipal;
  readonly deps: AdminDeps;
  readonly nowMs: number;
  /** Appends the change as this caller (actor, source IP, request id, operation); in a dry run, only records it. */
  write(entity: ConfigEntity, deleted?: boolean): Promise<ConfigEvent>;
  /** dry_run=true: nothing is written (write() records instead), so handlers must not read their own writes back. */
  readonly dryRun: boolean;
  /**
   * Before deleting: refuses with 409 still_referenced when other entities
   * still name the target, unless force=true (then they are left dangling and
   * listed in the answer); a dry run lists them without refusing.
   */
  checkReferences(target: ReferenceTarget): void;
}

export interface AdminResult {
  readonly status: number;
  readonly body: unknown;
}

/**
 * One route of the admin API. The route table (ADMIN_ROUTES) is the single
 * source of truth: the dispatcher matches it, the OpenAPI document is built
 * from it, and the RBAC matrix test walks it.
 */
export interface AdminRoute<B = unknown> {
  readonly method: HttpMethod;
  /** Relative to /admin/v1, with {param} segments; {tenantId} makes the route tenant-scoped. */
  readonly path: string;
  /** "public" routes need no credential (the OpenAPI document only). */
  readonly permission: Permission | 'public';
  readonly tag: string;
  readonly summary: string;
  readonly body?: Field<B>;
  /** Query parameters the route reads (documented in OpenAPI); any other one is refused. */
  readonly query?: Readonly<Record<string, { readonly description: string; readonly schema: JsonSchema }>>;
  readonly response: JsonSchema;
  readonly successStatus?: number;
  /** When a 422 unknown_reference can answer: which body reference may name nothing (or something not the caller's). */
  readonly unprocessable?: string;
  /** When a 409 still_referenced can answer because others still reference what is deleted; such routes accept force=true. */
  readonly conflicts?: string;
  /** Besides DELETEs, routes that take something away (suspend, revoke, rotate, retention) accept dry_run=true. */
  readonly destructive?: boolean;
  handle(call: AdminCall<B>): Promise<unknown> | unknown;
}

/** Keeps the body type of each route while the table holds them side by side. */
export function route<B>(definition: AdminRoute<B>): AdminRoute<unknown> {
  return definition as AdminRoute<unknown>;
}

export function routeId(r: Pick<AdminRoute, 'method' | 'path'>): string {
  return `${r.method} ${r.path}`;
}
