export type Field = Readonly<Record<string, unknown>>;

const PLACEHOLDER = /\$\{([A-Z0-9_]+)\}/g;

/**
 * Reads typed fields out of parsed JSON, collecting every problem (with where
 * it is) instead of stopping at the first, and filling `${NAME}` placeholders
 * in strings.
 */
export class FieldReader {
  readonly problems: string[] = [];

  constructor(private readonly vars: Readonly<Record<string, string>>) {}

  problem(message: string): void {
    this.problems.push(message);
  }

  object(value: unknown, where: string): Field {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Field;
    this.problem(`${where} must be a JSON object`);
    return {};
  }

  /** Flags keys outside `allowed` (typos would otherwise be silently ignored). */
  only(f: Field, allowed: readonly string[], where: string): void {
    for (const key of Object.keys(f)) if (!allowed.includes(key)) this.problem(`${where}: unknown field '${key}'`);
  }

  optionalObject(f: Field, key: string, where: string): Field | undefined {
    return f[key] === undefined ? undefined : this.object(f[key], `${where}.${key}`);
  }

  string(f: Field, key: string, where: string): string {
    const value = this.optionalString(f, key, where);
    if (value === undefined || value.trim() === '') {
      if (value === undefined) this.problem(`${where}: '${key}' is required`);
      else this.problem(`${where}: '${key}' must not be empty`);
      return '';
    }
    return value;
  }

  optionalString(f: Field, key: string, where: string): string | undefined {
    const value = f[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      this.problem(`${where}: '${key}' must be a string`);
      return undefined;
    }
    return this.fill(value, `${where}.${key}`);
  }

  int(f: Field, key: string, where: string): number {
    const value = this.optionalInt(f, key, where);
    if (value === undefined) {
      if (f[key] === undefined) this.problem(`${where}: '${key}' is required`);
      return 0;
    }
    return value;
  }

  optionalInt(f: Field, key: string, where: string): number | undefined {
    const value = f[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      this.problem(`${where}: '${key}' must be a non-negative integer`);
      return undefined;
    }
    return value;
  }

  optionalBool(f: Field, key: string, where: string): boolean | undefined {
    const value = f[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') {
      this.problem(`${where}: '${key}' must be true or false`);
      return undefined;
    }
    return value;
  }

  stringList(f: Field, key: string, where: string): string[] {
    const value = f[key];
    if (value === undefined) return [];
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      this.problem(`${where}: '${key}' must be a list of strings`);
      return [];
    }
    return value.map((v: string, i) => this.fill(v, `${where}.${key}[${i}]`));
  }

  /** A string-to-string object, with its keys sorted (so equal maps compare equal). */
  stringMap(f: Field, key: string, where: string): Record<string, string> {
    const value = f[key];
    if (value === undefined) return {};
    const object = this.object(value, `${where}.${key}`);
    const out: Record<string, string> = {};
    for (const k of Object.keys(object).sort()) {
      const v = object[k];
      if (typeof v === 'string') out[k] = this.fill(v, `${where}.${key}.${k}`);
      else this.problem(`${where}: '${key}.${k}' must be a string`);
    }
    return out;
  }

  list<T>(f: Field, key: string, where: string, each: (item: Field, at: string) => T): T[] {
    const value = f[key];
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.problem(`${where}: '${key}' must be a list`);
      return [];
    }
    return value.map((item: unknown, i) => each(this.object(item, `${key}[${i}]`), `${key}[${i}]`));
  }

  unique(values: readonly string[], what: string): void {
    const seen = new Set<string>();
    for (const v of values) {
      if (seen.has(v)) this.problem(`${what} '${v}' appears more than once`);
      seen.add(v);
    }
  }

  private fill(value: string, where: string): string {
    return value.replace(PLACEHOLDER, (whole, name: string) => {
      const replacement = this.vars[name];
      if (replacement !== undefined) return replacement;
      this.problem(`${where}: no value for \${${name}}`);
      return whole;
    });
  }
}
