// Routes OpenTelemetry's internal diagnostics (failed exports, a bad env value) to Flint's logger at
// warn level, with credentials stripped from URLs and repeats limited to a few lines per minute.
import type { DiagLogger } from '@opentelemetry/api';
import { redactUrlCredentials, type Logger } from '../../common/index.js';

const BURST = 5;
const WINDOW_MS = 60_000;

function text(args: unknown[]): string {
  return redactUrlCredentials(args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
}

/** A DiagLogger that writes to `logger` (component `otel`); install with `diag.setLogger(bridge, DiagLogLevel.WARN)`. */
export function diagBridge(logger: Logger, now: () => number = Date.now): DiagLogger {
  const log = logger.child({ component: 'otel' });
  let windowStart = 0;
  let logged = 0;
  let suppressed = 0;
  const write = (level: 'warn' | 'error', message: string, args: unknown[]): void => {
    const t = now();
    if (t - windowStart >= WINDOW_MS) {
      if (suppressed > 0) log.warn({ suppressed }, 'OpenTelemetry diagnostics suppressed in the last minute');
      windowStart = t;
      logged = 0;
      suppressed = 0;
    }
    if (logged >= BURST) {
      suppressed++;
      return;
    }
    logged++;
    log[level](text([message, ...args]));
  };
  return {
    error: (message, ...args) => write('error', message, args),
    warn: (message, ...args) => write('warn', message, args),
    info: () => {},
    debug: () => {},
    verbose: () => {},
  };
}
