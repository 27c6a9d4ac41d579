import { isIP } from 'node:net';
import { formatUtcTimeOfDay, parseUtcTimeOfDay } from '../async/daily-schedule';
import type { UtcTimeOfDay } from '../async/daily-schedule';

export interface SettingsField<T> {
  readonly env: string;
  readonly description: string;
  /** Shown in the README table; undefined means required. */
  readonly defaultText: string | undefined;
  readonly secret: boolean;
  read(raw: string | undefined): T;
}

export class SettingsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'SettingsError';
  }
}

interface FieldOptions<T> {
  default?: T;
  secret?: boolean;
}

function makeField<T>(
  env: string,
  description: string,
  options: FieldOptions<T>,
  parse: (raw: string) => T,
  show: (value: T) => string = String,
): SettingsField<T> {
  const hasDefault = options.default !== undefined;
  return {
    env,
    description,
    defaultText: hasDefault ? show(options.default as T) : undefined,
    secret: options.secret ?? false,
    read(raw) {
      if (raw === undefined || raw === '') {
        if (hasDefault) return options.default as T;
        throw new Error(`${env} is required (${description})`);
      }
      return parse(raw);
    },
  };
}

export function stringVar(env: string, description: string, options: FieldOptions<string> = {}): SettingsField<string> {
  return makeField(env, description, options, (raw) => raw);
}

export function intVar(
  env: string,
  description: string,
  options: FieldOptions<number> & { min?: number; max?: number } = {},
): SettingsField<number> {
  return makeField(env, description, options, (raw) => {
    if (!/^-?\d+$/.test(raw.trim())) throw new Error(`${env} must be an integer, got "${raw}"`);
    const value = Number(raw);
    if (options.min !== undefined && value < options.min) throw new Error(`${env} must be >= ${options.min}, got ${value}`);
    if (options.max !== undefined && value > options.max) throw new Error(`${env} must be <= ${options.max}, got ${value}`);
    return value;
  });
}

export function portVar(env: string, description: string, defaultPort: number): SettingsField<number> {
  return intVar(env, description, { default: defaultPort, min: 0, max: 65535 });
}

export function boolVar(env: string, description: string, options: FieldOptions<boolean> = {}): SettingsField<boolean> {
  return makeField(env, description, options, (raw) => {
    const v = raw.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off'].includes(v)) return false;
    throw new Error(`${env} must be true or false, got "${raw}"`);
  });
}

export function listVar(env: string, description: string, options: FieldOptions<readonly string[]> = {}): SettingsField<readonly string[]> {
  return makeField(env, description, options, splitList, (value) => value.join(','));
}

function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Comma-separated IP addresses and CIDR ranges (IPv4 or IPv6), each checked. */
export function addressListVar(
  env: string,
  description: string,
  options: FieldOptions<readonly string[]> = {},
): SettingsField<readonly string[]> {
  return makeField(
    env,
    description,
    options,
    (raw) => {
      const entries = splitList(raw);
      for (const entry of entries) {
        if (!isAddressOrRange(entry)) throw new Error(`${env} must list IP addresses or CIDR ranges, got "${entry}"`);
      }
      return entries;
    },
    (value) => value.join(','),
  );
}

function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

export function enumVar<T extends string>(
  env: string,
  description: string,
  allowed: readonly T[],
  options: FieldOptions<T> = {},
): SettingsField<T> {
  return makeField(env, description, options, (raw) => {
    if (!(allowed as readonly string[]).includes(raw)) throw new Error(`${env} must be one of ${allowed.join(', ')}, got "${raw}"`);
    return raw as T;
  });
}

/** A daily job's UTC time, "HH:MM"; "off" reads as null (the job is disabled). */
export function utcTimeOfDayVar(
  env: string,
  description: string,
  options: FieldOptions<UtcTimeOfDay | null> = {},
): SettingsField<UtcTimeOfDay | null> {
  return makeField(
    env,
    description,
    options,
    (raw) => {
      const at = parseUtcTimeOfDay(raw);
      if (at === undefined) throw new Error(`${env} must be HH:MM (UTC) or off, got "${raw}"`);
      return at;
    },
    formatUtcTimeOfDay,
  );
}
