import type { ConfigState } from '@switchyard/control-plane';
import { PriceTable, TokenPrice } from '@switchyard/pricing';

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
}
