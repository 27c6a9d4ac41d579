import { ApiError } from '@switchyard/api-errors';

/** The JSON Schema (OpenAPI 3.1 flavour) of a field, for the OpenAPI document. */
export type JsonSchema = { readonly [key: string]: unknown };

/**
 * One validated input field: parses an unknown JSON value or throws a 400
 * naming the parameter, and describes itself as JSON Schema. Request bodies
 * are built from these, so validation and the OpenAPI document never drift.
 */
export interface Field<T> {
  readonly schema: JsonSchema;
  readonly optional: boolean;
  parse(value: unknown, path: string): T;
}

export function invalid(path: string, message: string, code = 'invalid_value'): ApiError {
  return ApiError.invalidRequest(`Invalid '${path}': ${message}`, path, code);
}

export interface StringOptions {
  readonly description?: string;
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
  readonly patternHint?: string;
}

export function str(options: StringOptions = {}): Field<string> {
  const min = options.min ?? 0;
  const max = options.max ?? 256;
  return {
    schema: {
      type: 'string',
      minLength: min,
      maxLength: max,
      ...(options.pattern ? { pattern: options.pattern.source } : {}),
      ...describe(options.description),
    },
    optional: false,
    parse(value, path) {
      if (typeof value !== 'string') throw invalid(path, 'expected a string.', 'invalid_type');
      if (value.length < min) throw invalid(path, min === 1 ? 'must not be empty.' : `must be at least ${min} characters.`);
      if (value.length > max) throw invalid(path, `must be at most ${max} characters.`);
      if (options.pattern && !options.pattern.test(value))
        throw invalid(path, options.patternHint ?? `must match ${options.pattern.source}.`);
      return value;
    },
  };
}

export function oneOf<T extends string>(values: readonly T[], description?: string): Field<T> {
  return {
    schema: { type: 'string', enum: values, ...describe(description) },
    optional: false,
    parse(value, path) {
      if (typeof value !== 'string' || !(values as readonly string[]).includes(value))
        throw invalid(path, `must be one of ${values.map((v) => `'${v}'`).join(', ')}.`);
      return value as T;
    },
  };
}

export function int(options: { min?: number; max?: number; description?: string } = {}): Field<number> {
  const min = options.min ?? 0;
  const max = options.max ?? Number.MAX_SAFE_INTEGER;
  return {
    schema: { type: 'integer', minimum: min, maximum: max, ...describe(options.description) },
    optional: false,
    parse(value, path) {
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalid(path, 'expected an integer.', 'invalid_type');
      if (value < min || value > max) throw invalid(path, `must be between ${min} and ${max}.`);
      return value;
    },
  };
}

export function bool(description?: string): Field<boolean> {
  return {
    schema: { type: 'boolean', ...describe(description) },
    optional: false,
    parse(value, path) {
      if (typeof value !== 'boolean') throw invalid(path, 'expected true or false.', 'invalid_type');
      return value;
    },
  };
}

export function list<T>(item: Field<T>, options: { max?: number; description?: string; unique?: boolean } = {}): Field<T[]> {
  const max = options.max ?? 64;
  return {
    schema: {
      type: 'array',
      items: item.schema,
      maxItems: max,
      ...(options.unique ? { uniqueItems: true } : {}),
      ...describe(options.description),
    },
    optional: false,
    parse(value, path) {
      if (!Array.isArray(value)) throw invalid(path, 'expected an array.', 'invalid_type');
      if (value.length > max) throw invalid(path, `must have at most ${max} items.`);
      const out = value.map((v, i) => item.parse(v, `${path}[${i}]`));
      if (options.unique && new Set(out.map((v) => JSON.stringify(v))).size !== out.length) throw invalid(path, 'must not repeat items.');
      return out;
    },
  };
}

export function stringMap(value: Field<string>, options: { max?: number; description?: string } = {}): Field<Record<string, string>> {
  const max = options.max ?? 32;
  return {
    schema: { type: 'object', additionalProperties: value.schema, maxProperties: max, ...describe(options.description) },
    optional: false,
    parse(input, path) {
      if (!isPlainObject(input)) throw invalid(path, 'expected an object.', 'invalid_type');
      const entries = Object.entries(input);
      if (entries.length > max) throw invalid(path, `must have at most ${max} entries.`);
      return Object.fromEntries(entries.map(([k, v]) => [k, value.parse(v, `${path}.${k}`)]));
    },
  };
}

export function optional<T>(field: Field<T>): Field<T | undefined> {
  return {
    schema: field.schema,
    optional: true,
    parse: (value, path) => (value === undefined || value === null ? undefined : field.parse(value, path)),
  };
}

type Shape = Readonly<Record<string, Field<unknown>>>;
export type Parsed<S extends Shape> = { -readonly [K in keyof S]: S[K] extends Field<infer T> ? T : never };

/** An object with exactly these fields; unknown fields are refused (typos must not be silently ignored). */
export function obj<S extends Shape>(shape: S, description?: string): Field<Parsed<S>> {
  const required = Object.entries(shape)
    .filter(([, f]) => !f.optional)
    .map(([k]) => k);
  return {
    schema: {
      type: 'object',
      properties: Object.fromEntries(Object.entries(shape).map(([k, f]) => [k, f.schema])),
      ...(required.length > 0 ? { required } : {}),
      additionalProperties: false,
      ...describe(description),
    },
    optional: false,
    parse(value, path) {
      if (!isPlainObject(value)) throw invalid(path || 'body', 'expected a JSON object.', 'invalid_type');
      for (const key of Object.keys(value)) {
        if (!(key in shape))
          throw ApiError.invalidRequest(
            `Unrecognized request argument supplied: ${path ? `${path}.` : ''}${key}`,
            key,
            'unknown_parameter',
          );
      }
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(shape)) {
        const at = path ? `${path}.${key}` : key;
        if (!field.optional && (value[key] === undefined || value[key] === null))
          throw ApiError.invalidRequest(`Missing required parameter: '${at}'.`, at, 'missing_required_parameter');
        out[key] = field.parse(value[key], at);
      }
      return out as Parsed<S>;
    },
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(description: string | undefined): JsonSchema {
  return description ? { description } : {};
}
