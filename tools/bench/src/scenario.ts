export interface BenchTable {
  readonly title: string;
  readonly rows: ReadonlyArray<Readonly<Record<string, string | number>>>;
  /** How to read the numbers, printed under the table. */
  readonly notes?: readonly string[];
}

export interface BenchContext {
  /** --key=value arguments after the scenario name. */
  readonly args: Readonly<Record<string, string>>;
  progress(message: string): void;
}

/** One named benchmark; `npm run bench -- <name>` runs it and prints its tables. */
export interface BenchScenario {
  readonly name: string;
  readonly description: string;
  run(context: BenchContext): Promise<BenchTable[]>;
}

export function numberArg(args: Readonly<Record<string, string>>, name: string, fallback: number): number {
  const raw = args[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`--${name} must be a number, got ${raw}`);
  return value;
}
