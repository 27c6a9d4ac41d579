import { ApiError } from '@switchyard/api-errors';

export type JsonObject = { readonly [key: string]: unknown };

/**
 * Reads untrusted JSON with OpenAI's own error wording ("Invalid type for
 * 'messages[0].content': expected a string, but got an integer instead.").
 * Every accessor names the parameter path, so a client always learns exactly
 * which field is wrong.
 */
export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'boolean':
      return 'a boolean';
    case 'number':
      return Number.isInteger(value) ? 'an integer' : 'a decimal';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

export function invalidType(param: string, expected: string, value: unknown): ApiError {
  return ApiError.invalidRequest(
    `Invalid type for '${param}': expected ${expected}, but got ${describeJsonType(value)} instead.`,
    param,
    'invalid_type',
  );
}

export function missing(param: string): ApiError {
  return ApiError.invalidRequest(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');
}

export function invalidValue(param: string, message: string): ApiError {
  return ApiError.invalidRequest(`Invalid value for '${param}': ${message}`, param, 'invalid_value');
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class JsonReader {
  constructor(
    private readonly body: JsonObject,
    private readonly path: string,
  ) {}

  static root(body: unknown, what = 'request body'): JsonReader {
    if (!isObject(body)) throw ApiError.invalidRequest(`The ${what} must be a JSON object.`, null, 'invalid_body');
    return new JsonReader(body, '');
  }

  param(name: string): string {
    return this.path ? `${this.path}.${name}` : name;
  }

  has(name: string): boolean {
    return this.body[name] !== undefined && this.body[name] !== null;
  }

  raw(name: string): unknown {
    return this.body[name];
  }

  keys(): string[] {
    return Object.keys(this.body);
  }

  rejectUnknown(allowed: ReadonlySet<string>): void {
    for (const key of Object.keys(this.body)) {
      if (!allowed.has(key)) {
        throw ApiError.invalidRequest(`Unrecognized request argument supplied: ${this.param(key)}`, this.param(key), 'unknown_parameter');
      }
    }
  }

  requiredString(name: string): string {
    const value = this.body[name];
    if (value === undefined || value === null) throw missing(this.param(name));
    if (typeof value !== 'string') throw invalidType(this.param(name), 'a string', value);
    return value;
  }

  optionalString(name: string): string | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw invalidType(this.param(name), 'a string', value);
    return value;
  }

  optionalBoolean(name: string): boolean | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') throw invalidType(this.param(name), 'a boolean', value);
    return value;
  }

  optionalNumber(name: string, min: number, max: number): number | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidType(this.param(name), 'a number', value);
    if (value < min || value > max) throw invalidValue(this.param(name), `${value} is outside the allowed range [${min}, ${max}].`);
    return value;
  }

  optionalInteger(name: string, min: number, max: number): number | undefined {
    const value = this.optionalNumber(name, min, max);
    if (value !== undefined && !Number.isInteger(value)) throw invalidType(this.param(name), 'an integer', value);
    return value;
  }

  requiredArray(name: string): readonly unknown[] {
    const value = this.body[name];
    if (value === undefined || value === null) throw missing(this.param(name));
    if (!Array.isArray(value)) throw invalidType(this.param(name), 'an array', value);
    return value;
  }

  optionalArray(name: string): readonly unknown[] | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) throw invalidType(this.param(name), 'an array', value);
    return value;
  }

  requiredObject(name: string): JsonReader {
    const value = this.body[name];
    if (value === undefined || value === null) throw missing(this.param(name));
    if (!isObject(value)) throw invalidType(this.param(name), 'an object', value);
    return new JsonReader(value, this.param(name));
  }

  optionalObject(name: string): JsonReader | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (!isObject(value)) throw invalidType(this.param(name), 'an object', value);
    return new JsonReader(value, this.param(name));
  }

  /** An array element as an object reader, with the element's path. */
  element(list: readonly unknown[], index: number, name: string): JsonReader {
    const value = list[index];
    const param = `${this.param(name)}[${index}]`;
    if (!isObject(value)) throw invalidType(param, 'an object', value);
    return new JsonReader(value, param);
  }
}
