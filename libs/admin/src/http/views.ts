import type { JsonSchema } from '../validation/schema';

export function listOf<T>(data: readonly T[]): { object: 'list'; data: readonly T[] } {
  return { object: 'list', data };
}

export function listSchema(item: JsonSchema): JsonSchema {
  return { type: 'object', properties: { object: { const: 'list' }, data: { type: 'array', items: item } }, required: ['object', 'data'] };
}

export function objectSchema(properties: Record<string, JsonSchema>): JsonSchema {
  return { type: 'object', properties, required: Object.keys(properties) };
}

export const S = {
  string: { type: 'string' } as JsonSchema,
  int: { type: 'integer' } as JsonSchema,
  bool: { type: 'boolean' } as JsonSchema,
  strings: { type: 'array', items: { type: 'string' } } as JsonSchema,
};

export const DELETED_SCHEMA = objectSchema({ id: S.string, deleted: S.bool });
