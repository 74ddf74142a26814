// One typed registry of configuration keys (Spark's ConfigBuilder): each key has a type, a default
// and a doc line. Spark's `spark.*` names are used where Spark has the same setting.
import { EngineError, ErrorCode } from './errors.js';
import { isSecretKey, REDACTED } from './redact.js';

export type ConfigType = 'string' | 'int' | 'double' | 'boolean' | 'duration' | 'bytes';

export interface ConfigEntry<T> {
  readonly key: string;
  readonly type: ConfigType;
  readonly default: T;
  readonly doc: string;
  readonly parse: (raw: string) => T;
}

const registry = new Map<string, ConfigEntry<unknown>>();

function define<T>(key: string, type: ConfigType, def: T, doc: string, parse: (raw: string) => T): ConfigEntry<T> {
  const entry: ConfigEntry<T> = { key, type, default: def, doc, parse };
  registry.set(key, entry as ConfigEntry<unknown>);
  return entry;
}

function fail(key: string, raw: string, expected: string): never {
  throw new EngineError(ErrorCode.Config, `config ${key}=${isSecretKey(key) ? REDACTED : raw} is not ${expected}`, {
    fields: { key },
  });
}

export const config = {
  string: (key: string, def: string, doc: string) => define(key, 'string', def, doc, (raw) => raw),
  int: (key: string, def: number, doc: string) =>
    define(key, 'int', def, doc, (raw) => (/^-?\d+$/.test(raw.trim()) ? Number(raw) : fail(key, raw, 'an integer'))),
  double: (key: string, def: number, doc: string) =>
    define(key, 'double', def, doc, (raw) => (Number.isFinite(Number(raw)) && raw.trim() !== '' ? Number(raw) : fail(key, raw, 'a number'))),
  boolean: (key: string, def: boolean, doc: string) =>
    define(key, 'boolean', def, doc, (raw) => {
      const v = raw.trim().toLowerCase();
      if (v === 'true') return true;
      if (v === 'false') return false;
      return fail(key, raw, 'true or false');
    }),
  /** Durations are read in milliseconds; suffixes ms, s, m, h, d as in Spark (`10s`, `5m`). */
  duration: (key: string, defMs: number, doc: string) => define(key, 'duration', defMs, doc, (raw) => parseDuration(raw, key)),
  /** Sizes are read in bytes; suffixes b, k, m, g, t (binary, as Spark reads `4g`). */
  bytes: (key: string, def: number, doc: string) => define(key, 'bytes', def, doc, (raw) => parseBytes(raw, key)),
};

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(raw: string, key = 'duration'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h|d)?\s*$/i.exec(raw);
  if (!m) fail(key, raw, 'a duration like 500ms, 10s or 5m');
  return Number(m[1]) * DURATION_UNITS[(m[2] ?? 'ms').toLowerCase()];
}

const BYTE_UNITS: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

export function parseBytes(raw: string, key = 'size'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([bkmgt])?(?:i?b)?\s*$/i.exec(raw);
  if (!m) fail(key, raw, 'a size like 512m or 4g');
  return Math.round(Number(m[1]) * BYTE_UNITS[(m[2] ?? 'b').toLowerCase()]);
}

/** All registered keys, for docs and `SET -v`. */
export function registeredConfigs(): readonly ConfigEntry<unknown>[] {
  return [...registry.values()];
}

/** A set of string settings read through typed entries; unknown keys are kept (Spark does too). */
export class Conf {
  private readonly values = new Map<string, string>();

  constructor(initial: Iterable<[string, string]> = []) {
    for (const [k, v] of initial) this.values.set(k, v);
  }

  set(key: string, value: string): this { this.values.set(key, value); return this; }
  getRaw(key: string): string | undefined { return this.values.get(key); }
  get<T>(entry: ConfigEntry<T>): T {
    const raw = this.values.get(entry.key);
    return raw === undefined ? entry.default : entry.parse(raw);
  }
  entries(): [string, string][] { return [...this.values.entries()]; }
  /** A copy safe to show: secrets masked. */
  redacted(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of this.values) out[k] = isSecretKey(k) ? REDACTED : v;
    return out;
  }
}
