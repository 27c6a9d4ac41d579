import { SettingsError, SettingsField } from './settings-field';

export type SettingsSpec = Record<string, SettingsField<unknown>>;
export type SettingsOf<S extends SettingsSpec> = { readonly [K in keyof S]: S[K] extends SettingsField<infer T> ? T : never };

/** Reads every field of the spec from the environment, reporting all problems at once. */
export function loadSettings<S extends SettingsSpec>(spec: S, env: NodeJS.ProcessEnv = process.env): SettingsOf<S> {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(spec)) {
    try {
      values[key] = field.read(env[field.env]);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (problems.length > 0) throw new SettingsError(problems);
  return values as SettingsOf<S>;
}

export interface SettingsRow {
  env: string;
  defaultText: string;
  description: string;
}

/** Rows for the README's configuration table. */
export function describeSettings(spec: SettingsSpec): SettingsRow[] {
  return Object.values(spec).map((field) => ({
    env: field.env,
    defaultText: field.defaultText === undefined ? '(required)' : field.defaultText === '' ? '(empty)' : field.defaultText,
    description: field.description,
  }));
}
