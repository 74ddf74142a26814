// Application ids in Spark's shape (`app-20261125120000-0001`-like), unique without coordination:
// the time plus random hex, so two drivers started in the same second still differ.
import { randomBytes } from 'node:crypto';

export function newApplicationId(now: Date = new Date()): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const stamp = `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
  return `app-${stamp}-${randomBytes(3).toString('hex')}`;
}
