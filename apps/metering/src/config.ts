import { clickhouseConfigSpec } from '@switchyard/analytics-store';
import { kafkaConfigSpec } from '@switchyard/event-bus';
import { ConfigOf, serviceConfigSpec } from '@switchyard/platform';

export const meteringConfigSpec = {
  ...serviceConfigSpec('METERING', 8083, 50063),
  ...kafkaConfigSpec,
  ...clickhouseConfigSpec,
};

export type MeteringConfig = ConfigOf<typeof meteringConfigSpec>;
