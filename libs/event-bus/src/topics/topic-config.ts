/** One config entry of a topic as the broker describes it. */
export interface DescribedTopicConfig {
  readonly name: string;
  readonly value: string;
  /** Set on the topic itself (an override), as opposed to a broker or built-in default. */
  readonly topicOverride: boolean;
}

/**
 * The full set of topic overrides to write so the topic carries the catalog's
 * configs, keeping overrides an operator set on other keys; undefined when
 * the topic already has them. (AlterConfigs replaces every override of a
 * topic at once, hence the full set.)
 */
export function reconciledTopicConfig(
  catalog: Readonly<Record<string, string>>,
  current: readonly DescribedTopicConfig[],
): Record<string, string> | undefined {
  const effective = new Map(current.map((c) => [c.name, c.value]));
  const drift = Object.entries(catalog).some(([name, value]) => effective.get(name) !== value);
  if (!drift) return undefined;
  const overrides = Object.fromEntries(current.filter((c) => c.topicOverride).map((c) => [c.name, c.value]));
  return { ...overrides, ...catalog };
}
