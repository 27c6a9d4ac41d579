import { kafkaConfigSpec } from '@switchyard/event-bus';
import { ConfigOf, serviceConfigSpec } from '@switchyard/platform';

export const budgetEnforcerConfigSpec = {
  ...serviceConfigSpec('BUDGET_ENFORCER', 8084, 50064),
  ...kafkaConfigSpec,
};

export type BudgetEnforcerConfig = ConfigOf<typeof budgetEnforcerConfigSpec>;
