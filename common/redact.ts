// Secrets never reach logs, the UI, event logs or error messages: keys that look like secrets are
// masked, and credentials embedded in URLs (nats://user:pass@host) are stripped.

const SECRET_KEY = /(pass(word)?|secret|token|credential|creds|private[._-]?key|access[._-]?key|nkey|seed|auth)/i;
export const REDACTED = '*********(redacted)';

/** True when a config or field name looks like it holds a secret (Spark's `spark.redaction.regex`). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Removes `user:password@` from URLs anywhere in `text`. */
export function redactUrlCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)([^/@\s:]+)(:[^/@\s]*)?@/gi, (_m, scheme: string, user: string, pass?: string) =>
    pass ? `${scheme}${user}:${REDACTED}@` : `${scheme}${REDACTED}@`);
}

/** A copy of `conf` with secret-looking values masked and URL credentials removed. */
export function redactConfig(conf: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(conf)) out[k] = isSecretKey(k) ? REDACTED : redactUrlCredentials(v);
  return out;
}
