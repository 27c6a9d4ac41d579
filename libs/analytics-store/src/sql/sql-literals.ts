/**
 * ClickHouse 18.16 has no server-side query parameters, so values are inlined
 * as literals. Everything goes through these functions: identifiers are
 * validated, strings escaped, numbers checked to be finite integers.
 */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not a safe SQL identifier: ${JSON.stringify(name)}`);
  return name;
}

export function stringLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\0/g, '\\0')}'`;
}

export function integerLiteral(value: number | bigint): string {
  if (typeof value === 'bigint') return value.toString();
  if (!Number.isSafeInteger(value)) throw new Error(`not a safe integer: ${value}`);
  return String(value);
}

export function stringList(values: readonly string[]): string {
  return `(${values.map(stringLiteral).join(', ')})`;
}
