import { kafkaConfigSpec } from '@switchyard/event-bus';
import { ConfigOf, serviceConfigSpec } from '@switchyard/platform';

export const auditConfigSpec = {
  ...serviceConfigSpec('AUDIT', 8085, 50065),
  ...kafkaConfigSpec,
};

export type AuditConfig = ConfigOf<typeof auditConfigSpec>;
