import type { Deployment, PricePerMillionTokens, Usage, UsageEvent } from '@switchyard/contracts';
import { CallCost, callCost, TokenCounts, TokenPrice, ZERO_COST } from './price';
import { PriceTable } from './price-table';

/** Where deployments' own prices come from: the service's configuration state. */
export interface DeploymentSource {
  readonly deployments: ReadonlyMap<string, Deployment>;
}

/** The deployment an attempt runs on, as attempts and usage events name it. */
export interface PricedTarget {
  readonly deploymentId: string;
  readonly provider: string;
  readonly upstreamModel: string;
}

/**
 * The price of a deployment: its own catalog price when it declares one, else
 * the list price of its provider and model, else none (the deployment is
 * unpriced: its attempts carry no cost, cost-ranked policies skip it, and the
 * router counts it in switchyard_router_unpriced_deployments).
 */
export class PriceResolver {
  constructor(
    private readonly config: DeploymentSource,
    private readonly table: PriceTable = PriceTable.builtIn(),
  ) {}

  priceOf(target: PricedTarget): TokenPrice | undefined {
    return withListUnits(
      ownPrice(this.config.deployments.get(target.deploymentId)?.price),
      this.table.find(target.provider, target.upstreamModel),
    );
  }

  priceOfDeployment(deployment: Deployment): TokenPrice | undefined {
    return withListUnits(ownPrice(deployment.price), this.table.find(deployment.provider, deployment.upstreamModel));
  }

  isPriced(deployment: Deployment): boolean {
    return this.priceOfDeployment(deployment) !== undefined;
  }

  /** What these tokens cost on the target at the price in force now; undefined when it has no price. */
  costNow(target: PricedTarget, tokens: TokenCounts): CallCost | undefined {
    const price = this.priceOf(target);
    return price ? callCost(tokens, price) : undefined;
  }

  /** What an attempt's usage costs now (an attempt without usage costs nothing); undefined when unpriced. */
  costOfUsage(target: PricedTarget, usage: Usage | undefined): CallCost | undefined {
    const price = this.priceOf(target);
    if (!price) return undefined;
    return usage ? callCost(usage, price) : ZERO_COST;
  }
}

/**
 * A deployment's own price names tokens and at most one flat unit price; the
 * list's prices for what it cannot name (audio tokens, per-size image prices)
 * still apply, so a catalog price copied from the list keeps them.
 */
function withListUnits(own: TokenPrice | undefined, list: TokenPrice | undefined): TokenPrice | undefined {
  if (!own || !list) return own ?? list;
  const { audioInput, audioOutput, audioMinute, millionCharacters, image } = list;
  const units = { audioInput, audioOutput, audioMinute, millionCharacters, image };
  const listed = Object.fromEntries(Object.entries(units).filter(([, v]) => v !== undefined)) as Partial<TokenPrice>;
  return { ...listed, ...own };
}

/** A deployment's own price; one that names no token and no metered price is no price (the list price applies). */
function ownPrice(price: PricePerMillionTokens | undefined): TokenPrice | undefined {
  if (!price) return undefined;
  const metered = price.audioMinuteMicroUsd > 0 || price.millionCharactersMicroUsd > 0 || price.imageMicroUsd > 0;
  if (price.inputMicroUsd <= 0 && price.outputMicroUsd <= 0 && !metered) return undefined;
  return {
    input: price.inputMicroUsd,
    output: price.outputMicroUsd,
    cachedInput: price.cachedInputMicroUsd || price.inputMicroUsd,
    cacheWrite: price.cacheWriteMicroUsd || price.inputMicroUsd,
    ...(price.audioMinuteMicroUsd > 0 && { audioMinute: price.audioMinuteMicroUsd }),
    ...(price.millionCharactersMicroUsd > 0 && { millionCharacters: price.millionCharactersMicroUsd }),
    ...(price.imageMicroUsd > 0 && { image: { default: price.imageMicroUsd } }),
  };
}

/**
 * What one attempt cost, as provider-adapters stamped it on its usage event
 * when it ran: consumers (metering, budget-enforcer) never price an attempt
 * again, so a replay after a price change counts what was charged. An event
 * without a cost (unpriced deployment, or schema 1) counts zero; a schema-2
 * event has micro-USD only, taken as its nano-USD too.
 */
export function recordedCost(event: Pick<UsageEvent, 'costMicroUsd' | 'costNanoUsd'>): CallCost {
  const microUsd = event.costMicroUsd ?? 0;
  return { microUsd, nanoUsd: event.costNanoUsd ?? microUsd * 1000 };
}
