import { ConfigError, ConfigField } from './config-field';

export type ConfigSpec = Record<string, ConfigField<unknown>>;
export type ConfigOf<S extends ConfigSpec> = { readonly [K in keyof S]: S[K] extends ConfigField<infer T> ? T : never };

/** Reads every field of the spec from the environment, reporting all problems at once. */
export function loadConfig<S extends ConfigSpec>(spec: S, env: NodeJS.ProcessEnv = process.env): ConfigOf<S> {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(spec)) {
    try {
      values[key] = field.read(env[field.env]);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return values as ConfigOf<S>;
}

export interface ConfigRow {
  env: string;
  defaultText: string;
  description: string;
}

/** Rows for the README's configuration table. */
export function describeConfig(spec: ConfigSpec): ConfigRow[] {
  return Object.values(spec).map((field) => ({
    env: field.env,
    defaultText: field.defaultText === undefined ? '(required)' : field.defaultText === '' ? '(empty)' : field.defaultText,
    description: field.description,
  }));
}
