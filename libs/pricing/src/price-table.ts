import table from './data/price-table.json';
import type { TokenPrice } from './price';

export interface PriceEntry extends TokenPrice {
  readonly provider: string;
  readonly model: string;
}

/** List prices by provider and model, from the versioned data file in this library. */
export class PriceTable {
  private readonly byKey: ReadonlyMap<string, PriceEntry>;

  constructor(
    entries: readonly PriceEntry[],
    readonly version: string,
  ) {
    this.byKey = new Map(entries.map((e) => [key(e.provider, e.model), e]));
  }

  static builtIn(): PriceTable {
    return new PriceTable(table.prices, table.version);
  }

  find(provider: string, model: string): PriceEntry | undefined {
    return this.byKey.get(key(provider, model));
  }

  entries(): PriceEntry[] {
    return [...this.byKey.values()];
  }
}

function key(provider: string, model: string): string {
  return `${provider}\u0000${model}`;
}
