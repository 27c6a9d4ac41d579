/**
 * Every Kafka topic Switchyard uses. The version is part of the name: a
 * breaking schema change gets a new topic, so old and new readers never meet.
 */
export interface TopicDefinition {
  readonly name: string;
  readonly partitions: number;
  readonly config: Readonly<Record<string, string>>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export const TOPICS = {
  /** RequestEvent, one per client request, keyed by tenant id. */
  requests: { name: 'requests.v1', partitions: 6, config: { 'retention.ms': String(7 * DAY_MS) } },
  /** UsageEvent, one per upstream attempt, keyed by tenant id. */
  usage: { name: 'usage.v1', partitions: 6, config: { 'retention.ms': String(35 * DAY_MS) } },
  /**
   * ConfigEvent, compacted and keyed "<kind>/<id>". One partition so every
   * reader sees all configuration changes in one total order. Every version
   * (deletions too) stays for 7 days before compaction may drop superseded
   * ones, so the audit chain misses nothing unless audit is down longer.
   */
  config: {
    name: 'config.v1',
    partitions: 1,
    config: { 'cleanup.policy': 'compact', 'min.compaction.lag.ms': String(7 * DAY_MS), 'delete.retention.ms': String(7 * DAY_MS) },
  },
  /** BudgetAlertRecord, compacted and keyed by alert id: which budget alerts were sent (once per threshold and window). */
  budgetAlerts: {
    name: 'budget-alerts.v1',
    partitions: 1,
    config: { 'cleanup.policy': 'compact', 'min.compaction.lag.ms': String(60 * 60 * 1000) },
  },
} as const satisfies Record<string, TopicDefinition>;

export type TopicKey = keyof typeof TOPICS;

/** The physical topic name: a deployment/test prefix plus the versioned name. */
export function topicName(prefix: string, topic: TopicDefinition): string {
  return `${prefix}${topic.name}`;
}
