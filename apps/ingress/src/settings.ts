import { kafkaSettingsSpec, publisherSettingsSpec } from '@switchyard/event-bus';
import { responseStoreSettingsSpec } from '@switchyard/response-store';
import { addressListVar, SettingsOf, intVar, keyEncryptionKeysSettingsSpec, serviceSettingsSpec, stringVar } from '@switchyard/platform';

export const ingressSettingsSpec = {
  ...serviceSettingsSpec('INGRESS', 8080, 50051),
  ...kafkaSettingsSpec,
  ...publisherSettingsSpec,
  ...responseStoreSettingsSpec,
  routerAddress: stringVar('ROUTER_ADDRESS', 'host:port of the router gRPC server', { default: '127.0.0.1:50061' }),
  auditAddress: stringVar(
    'AUDIT_ADDRESS',
    "host:port of the audit service's gRPC server (tenants' /admin/v1/tenants/{id}/audit-log); empty: those routes answer 503",
    { default: '127.0.0.1:50065' },
  ),
  trustedProxies: addressListVar(
    'INGRESS_TRUSTED_PROXIES',
    'IPs/CIDRs of load balancers in front of ingress whose X-Forwarded-For names the client (the source IP in the audit log); empty: the connecting address, forwarded headers ignored',
    { default: [] },
  ),
  maxBodyBytes: intVar('INGRESS_MAX_BODY_BYTES', 'Largest request body accepted (images travel inline as base64)', {
    default: 8 * 1024 * 1024,
    min: 1024,
  }),
  ...keyEncryptionKeysSettingsSpec('optional'),
  bootstrapOperatorToken: stringVar(
    'SWITCHYARD_BOOTSTRAP_TOKEN',
    'Platform-operator credential for the first admin API calls (>= 32 chars); remove once operators have admin tokens. Empty: disabled',
    {
      default: '',
      secret: true,
    },
  ),
  endUserPseudonymKey: stringVar(
    'SWITCHYARD_PSEUDONYM_KEY',
    'Platform secret (base64, >= 32 bytes) keying the per-tenant pseudonyms of end-user ids (libs/pii); A/B arms are assigned on them, so keep it stable',
    { secret: true },
  ),
  adminApplyWaitMs: intVar(
    'ADMIN_APPLY_WAIT_MS',
    'How long an admin write waits for this replica to apply its own acknowledged change before answering',
    { default: 2_000, min: 0 },
  ),
};

export type IngressSettings = SettingsOf<typeof ingressSettingsSpec>;
