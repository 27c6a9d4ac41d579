import { AdminApi, ADMIN_ROUTES } from '@switchyard/admin';
import type { ConfigAppender } from '@switchyard/admin';
import { ApiError } from '@switchyard/api-errors';
import { ConfigWriter } from '@switchyard/config-sync';
import { BootstrapCredential, ConfigState, CredentialCipher, parseKeyEncryptionKeys } from '@switchyard/control-plane';
import type { AcknowledgedAppend } from '@switchyard/config-sync';
import type { Log, ServiceIdentity } from '@switchyard/platform';
import { AppliedEvents } from './applied-events';
import { auditLogReader } from './audit-log-client';

export interface AdminSettings {
  readonly keyEncryptionKeys: string;
  readonly bootstrapOperatorToken: string;
  readonly adminApplyWaitMs: number;
  /** host:port of the audit service's AuditQuery (tenants' audit-log routes); empty: those routes answer 503. */
  readonly auditAddress: string;
}

/** The admin API of this ingress replica: writes go to the config topic, reads come from its own config state. */
export function createAdminApi(
  settings: AdminSettings,
  state: ConfigState,
  publisher: AcknowledgedAppend,
  configTopic: string,
  producer: string,
  log: Log,
  identity: ServiceIdentity,
): AdminApi {
  const applied = new AppliedEvents(state, settings.adminApplyWaitMs, log);
  let cipher: CredentialCipher | undefined;
  if (settings.keyEncryptionKeys) {
    const { keks, currentKekId } = parseKeyEncryptionKeys(settings.keyEncryptionKeys);
    cipher = new CredentialCipher(keks, currentKekId);
  }
  const bootstrap = settings.bootstrapOperatorToken ? new BootstrapCredential(settings.bootstrapOperatorToken) : undefined;
  if (bootstrap) log.warn('the bootstrap operator token is configured; remove it once real operators have admin tokens');
  const configWriter = new ConfigWriter(publisher, configTopic, producer);
  const writer: ConfigAppender = {
    write: (entity, actor, deleted) =>
      configWriter.write(entity, actor, deleted).catch((error: unknown) => {
        log.error({ err: error, requestId: actor.requestId }, 'config change not acknowledged by Kafka');
        throw new ApiError(
          503,
          'server_error',
          'config_log_unavailable',
          'The configuration log did not acknowledge the change, so it was not applied. Retry the request.',
        );
      }),
  };
  return new AdminApi(ADMIN_ROUTES, {
    state,
    writer,
    applied: (event) => applied.wait(event),
    cipher,
    bootstrap,
    auditLog: settings.auditAddress ? auditLogReader(settings.auditAddress, identity) : undefined,
    now: () => Date.now(),
  });
}
