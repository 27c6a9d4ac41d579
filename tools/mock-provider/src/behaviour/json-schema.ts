import { isRecord } from './config';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

interface FillOptions {
  /** Words to draw string values from. */
  words: string[];
  /** Only fill `required` properties (tool arguments) or every property (response formats). */
  requiredOnly: boolean;
}

/** Builds a value that validates against the common subset of JSON Schema that models are given. */
export function valueForSchema(schema: unknown, options: FillOptions, path = 'value', depth = 0): JsonValue {
  if (!isRecord(schema) || depth > 6) return pick(options.words, path);
  if ('const' in schema) return (schema['const'] ?? null) as JsonValue;
  const enumValues = schema['enum'];
  if (Array.isArray(enumValues) && enumValues.length > 0) return enumValues[0] as JsonValue;
  const variants = schema['anyOf'] ?? schema['oneOf'];
  if (Array.isArray(variants) && variants.length > 0) {
    const nonNull = variants.find((v) => !(isRecord(v) && v['type'] === 'null')) ?? variants[0];
    return valueForSchema(nonNull, options, path, depth + 1);
  }
  const type = Array.isArray(schema['type']) ? schema['type'].find((t) => t !== 'null') : schema['type'];
  switch (type) {
    case 'string':
      return stringFor(schema, options, path);
    case 'integer':
      return boundedNumber(schema, 1 + (hash(path) % 9));
    case 'number':
      return boundedNumber(schema, 1.5 + (hash(path) % 9));
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array': {
      const min = typeof schema['minItems'] === 'number' ? schema['minItems'] : 1;
      const items: JsonValue[] = [];
      for (let i = 0; i < Math.max(1, min); i++) items.push(valueForSchema(schema['items'], options, `${path}[${i}]`, depth + 1));
      return items;
    }
    default:
      return objectFor(schema, options, path, depth);
  }
}

function objectFor(schema: Record<string, unknown>, options: FillOptions, path: string, depth: number): JsonValue {
  const props = isRecord(schema['properties']) ? schema['properties'] : {};
  const required = Array.isArray(schema['required']) ? schema['required'].filter((r) => typeof r === 'string') : [];
  const keys = options.requiredOnly ? required : Object.keys(props);
  const out: { [key: string]: JsonValue } = {};
  for (const key of keys) out[key] = valueForSchema(props[key], options, key, depth + 1);
  return out;
}

function stringFor(schema: Record<string, unknown>, options: FillOptions, path: string): string {
  switch (schema['format']) {
    case 'date-time':
      return '2024-01-01T00:00:00Z';
    case 'date':
      return '2024-01-01';
    case 'email':
      return 'mock@example.com';
    case 'uri':
    case 'url':
      return 'https://example.com/mock';
    case 'uuid':
      return '00000000-0000-4000-8000-000000000000';
  }
  let value = pick(options.words, path);
  const min = typeof schema['minLength'] === 'number' ? schema['minLength'] : 0;
  const max = typeof schema['maxLength'] === 'number' ? schema['maxLength'] : Infinity;
  while (value.length < min) value += 'x';
  return value.slice(0, max);
}

function boundedNumber(schema: Record<string, unknown>, preferred: number): number {
  const min = typeof schema['minimum'] === 'number' ? schema['minimum'] : -Infinity;
  const max = typeof schema['maximum'] === 'number' ? schema['maximum'] : Infinity;
  const value = Math.min(Math.max(preferred, min), max);
  return schema['type'] === 'integer' ? Math.ceil(value) : value;
}

function pick(words: string[], path: string): string {
  return words.length ? (words[hash(path) % words.length] ?? 'mock') : 'mock';
}

function hash(text: string): number {
  let h = 7;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) >>> 0;
  return h;
}
