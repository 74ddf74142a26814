// Ids of submitted applications, in Spark's shape (`app-20261125120000-3fa9c1`): UTC time to the
// second plus random hex, unique without coordination and safe as a NATS subject token and KV key.
import { randomBytes } from 'node:crypto';

export function newSubmissionId(now: Date = new Date()): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
  return `app-${stamp}-${randomBytes(3).toString('hex')}`;
}
