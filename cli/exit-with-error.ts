// Prints a start-up or command failure the way a person can act on it, and exits non-zero.
import { EngineError, redactUrlCredentials } from '../common/index.js';

export function exitWithError(err: unknown): never {
  const message = err instanceof EngineError ? `${err.code}: ${err.message}` : (err as Error)?.stack ?? String(err);
  process.stderr.write(`flint: ${redactUrlCredentials(message)}\n`);
  process.exit(1);
}
