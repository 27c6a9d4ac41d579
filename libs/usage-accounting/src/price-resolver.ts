import type { Usage, UsageEvent } from '@switchyard/contracts';
import type { ConfigState } from '@switchyard/control-plane';
import { costMicroUsd, PriceTable, TokenPrice } from '@switchyard/pricing';

/**
 * The price of a deployment: its own catalog price when it declares one, else
 * the list price of its provider and model, else unknown (cost 0, flagged).
 */
export class PriceResolver {
  constructor(
    private readonly config: ConfigState,
    private readonly table: PriceTable = PriceTable.builtIn(),
  ) {}

  priceOf(deploymentId: string, provider: string, upstreamModel: string): TokenPrice | undefined {
    const price = this.config.deployments.get(deploymentId)?.price;
    if (price && (price.inputMicroUsd > 0 || price.outputMicroUsd > 0)) {
      return {
        input: price.inputMicroUsd,
        output: price.outputMicroUsd,
        cachedInput: price.cachedInputMicroUsd || price.inputMicroUsd,
        cacheWrite: price.cacheWriteMicroUsd || price.inputMicroUsd,
      };
    }
    return this.table.find(provider, upstreamModel);
  }

  /** What this usage costs at today's price; undefined when there is no usage or no known price. */
  costAtCurrentPrice(deploymentId: string, provider: string, upstreamModel: string, usage: Usage | undefined): number | undefined {
    if (!usage) return undefined;
    const price = this.priceOf(deploymentId, provider, upstreamModel);
    return price ? costMicroUsd(usage, price) : undefined;
  }

  /**
   * What one attempt cost: the cost stamped on the event when it ran, so a
   * replay after a price change counts what was actually charged; events
   * without one (no price known then, or schema 1) are priced now.
   */
  costOfAttempt(event: UsageEvent): number {
    return event.costMicroUsd ?? this.costAtCurrentPrice(event.deploymentId, event.provider, event.upstreamModel, event.usage) ?? 0;
  }
}
