// Identifiers: short, random, safe inside a NATS subject token (no dots, spaces or wildcards).
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A random id of `length` lowercase base-36 characters, optionally prefixed (`node-3k9x…`). */
export function newId(prefix?: string, length = 12): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i] % ALPHABET.length];
  return prefix ? `${prefix}-${out}` : out;
}

/** True when `token` can be used as one NATS subject token. */
export function isSubjectToken(token: string): boolean {
  return /^[A-Za-z0-9_\-]+$/.test(token);
}
