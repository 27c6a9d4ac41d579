import { AdminApi, ADMIN_ROUTES } from '@switchyard/admin';
import { ConfigWriter } from '@switchyard/config-sync';
import { BootstrapCredential, ConfigState, CredentialCipher, parseKeyEncryptionKeys } from '@switchyard/control-plane';
import type { AcknowledgedAppend } from '@switchyard/config-sync';
import type { Log } from '@switchyard/platform';
import { AppliedEvents } from './applied-events';

export interface AdminSettings {
  readonly keyEncryptionKeys: string;
  readonly bootstrapOperatorToken: string;
  readonly adminApplyWaitMs: number;
}

/** The admin API of this ingress replica: writes go to the config topic, reads come from its own config state. */
export function createAdminApi(settings: AdminSettings, state: ConfigState, publisher: AcknowledgedAppend, configTopic: string, producer: string, log: Log): AdminApi {
  const applied = new AppliedEvents(state, settings.adminApplyWaitMs, log);
  let cipher: CredentialCipher | undefined;
  if (settings.keyEncryptionKeys) {
    const { keks, currentKekId } = parseKeyEncryptionKeys(settings.keyEncryptionKeys);
    cipher = new CredentialCipher(keks, currentKekId);
  }
  const bootstrap = settings.bootstrapOperatorToken ? new BootstrapCredential(settings.bootstrapOperatorToken) : undefined;
  if (bootstrap) log.warn('the bootstrap operator token is configured; remove it once real operators have admin tokens');
  return new AdminApi(ADMIN_ROUTES, {
    state,
    writer: new ConfigWriter(publisher, configTopic, producer),
    applied: (event) => applied.wait(event),
    cipher,
    bootstrap,
    now: () => Date.now(),
  });
}
