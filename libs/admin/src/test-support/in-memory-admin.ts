import { ConfigEvent } from '@switchyard/contracts';
import { BootstrapCredential, ConfigState, CredentialCipher } from '@switchyard/control-plane';
import { randomBytes, randomUUID } from 'node:crypto';
import { AdminApi } from '../http/admin-api';
import type { AdminDeps, ConfigAppender } from '../http/admin-route';
import { ADMIN_ROUTES } from '../routes';

export const BOOTSTRAP = 'bootstrap-token-for-unit-tests-0123456789';

/** The admin API over an in-memory log: what Kafka + config-sync do, minus the network. */
export function inMemoryAdmin(now: () => number = () => Date.now()) {
  const state = new ConfigState();
  const log: ConfigEvent[] = [];
  const writer: ConfigAppender = {
    write: async (entity, actor, deleted = false) => {
      const event = ConfigEvent.fromPartial({ meta: { eventId: randomUUID() }, actor, entity, deleted });
      log.push(event);
      state.apply(event);
      return event;
    },
  };
  const deps: AdminDeps = {
    state,
    writer,
    applied: async () => undefined,
    now,
    cipher: new CredentialCipher(new Map([['k1', randomBytes(32)]]), 'k1'),
    bootstrap: new BootstrapCredential(BOOTSTRAP),
  };
  const api = new AdminApi(ADMIN_ROUTES, deps);
  return {
    state,
    log,
    api,
    call: caller(api),
    /** The same log served with other key-encryption keys (an ingress restarted after a KEK change). */
    withCipher: (cipher: CredentialCipher | undefined) => caller(new AdminApi(ADMIN_ROUTES, { ...deps, cipher })),
  };
}

function caller(api: AdminApi) {
  return async (method: string, path: string, token: string | undefined, body?: unknown) => {
    try {
      const [bare = '', search = ''] = path.split('?');
      return await api.handle({
        method,
        path: bare,
        query: Object.fromEntries(new URLSearchParams(search)),
        authorization: token ? `Bearer ${token}` : undefined,
        body,
        sourceIp: '10.9.8.7',
        requestId: 'req_test',
      });
    } catch (error) {
      const e = error as { status?: number; toBody?: () => unknown };
      if (typeof e.status === 'number' && e.toBody) return { status: e.status, body: e.toBody() };
      throw error;
    }
  };
}
