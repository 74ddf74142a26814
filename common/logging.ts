// One structured logger (pino), injected and bound to actor/job/task; never `console` outside the CLI.
import { pino, type Logger as PinoLogger, type LoggerOptions } from 'pino';
import { redactUrlCredentials, REDACTED } from './redact.js';

export type Logger = PinoLogger;

export interface LoggerSettings {
  readonly level?: string;
  readonly name?: string;
  /** Where lines go; defaults to stderr so stdout stays free for command output (`--json`). */
  readonly destination?: NodeJS.WritableStream | number;
}

const SECRET_PATHS = [
  'password', 'pass', 'token', 'secret', 'creds', 'credentials', 'nkey', 'seed',
  '*.password', '*.pass', '*.token', '*.secret', '*.creds', '*.credentials', '*.nkey', '*.seed',
];

/** Creates the process logger. Secrets in known fields and credentials in URLs are masked. */
export function createLogger(settings: LoggerSettings = {}): Logger {
  const options: LoggerOptions = {
    level: settings.level ?? process.env.FLINT_LOG_LEVEL ?? 'info',
    name: settings.name,
    redact: { paths: SECRET_PATHS, censor: REDACTED },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((a) => (typeof a === 'string' ? redactUrlCredentials(a) : a));
        method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
  };
  const dest = settings.destination ?? 2;
  return pino(options, typeof dest === 'number' ? pino.destination({ fd: dest, sync: true }) : dest);
}

/** A logger that discards everything (tests, benchmarks). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
