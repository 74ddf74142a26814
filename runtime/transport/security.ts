// Security by default (DESIGN.md): a NATS URL we connect to, or a host a server of ours binds, that is
// not loopback needs credentials AND TLS; otherwise it is refused with INSECURE_BIND unless the
// operator said --insecure, in which case we warn. Loopback is 127.0.0.0/8, ::1 and localhost.
import { isIPv4, isIPv6 } from 'node:net';
import { EngineError, ErrorCode, redactUrlCredentials, type Logger } from '../../common/index.js';

export interface BindSecurityCheck {
  /** A bind host (`0.0.0.0`, `10.1.2.3`, `::1`) … */
  readonly host?: string;
  /** … or a URL (`nats://user:pass@host:4222`, `tls://host`, `host:4222`). */
  readonly url?: string;
  readonly hasCredentials: boolean;
  readonly hasTls: boolean;
  /** The operator's explicit `--insecure`: allow, with a warning. */
  readonly insecure?: boolean;
  /** What is being checked, for messages (default "NATS connection"). */
  readonly what?: string;
  /** Receives the warning when `insecure` lets an unprotected non-loopback address through. */
  readonly logger?: Logger;
}

export type BindSecurityVerdict = 'loopback' | 'protected' | 'insecure-allowed';

/** True for 127.0.0.0/8, ::1 (also IPv4-mapped ::ffff:127.x) and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === 'localhost.') return true;
  if (isIPv4(h)) return h.split('.')[0] === '127';
  if (isIPv6(h)) {
    if (h === '::1' || /^0{0,4}(:0{0,4}){6}:0{0,3}1$/.test(h)) return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
    return mapped !== null && isLoopbackHost(mapped[1]);
  }
  return false;
}

/** The host part of a server URL; schemeless `host:port` is accepted as NATS clients do. */
export function hostOfUrl(url: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `nats://${url}`;
  try {
    return new URL(withScheme).hostname.replace(/^\[(.*)\]$/, '$1');
  } catch (err) {
    throw new EngineError(ErrorCode.Config, `invalid server URL ${redactUrlCredentials(url)}`, {
      fields: { url: redactUrlCredentials(url) }, cause: err,
    });
  }
}

/**
 * Applies the policy; throws INSECURE_BIND for an unprotected non-loopback address without
 * `insecure`. Returns why the address is acceptable.
 */
export function checkBindSecurity(check: BindSecurityCheck): BindSecurityVerdict {
  const target = check.url !== undefined ? redactUrlCredentials(check.url) : check.host;
  if (target === undefined) throw new EngineError(ErrorCode.InvalidArgument, 'checkBindSecurity needs a host or a url');
  const host = check.url !== undefined ? hostOfUrl(check.url) : check.host!;
  if (isLoopbackHost(host)) return 'loopback';
  if (check.hasCredentials && check.hasTls) return 'protected';
  const what = check.what ?? 'NATS connection';
  const missing = [check.hasCredentials ? undefined : 'credentials', check.hasTls ? undefined : 'TLS']
    .filter((m): m is string => m !== undefined).join(' and ');
  const fields = { target, host, hasCredentials: check.hasCredentials, hasTls: check.hasTls };
  if (check.insecure) {
    check.logger?.warn(fields, `${what} to non-loopback ${target} runs without ${missing} because --insecure was given: anyone who can reach it can submit code`);
    return 'insecure-allowed';
  }
  throw new EngineError(ErrorCode.InsecureBind,
    `refusing ${what} to non-loopback ${target} without ${missing}: job submission is remote code execution. ` +
    'Configure credentials and TLS, use a loopback address, or pass --insecure to accept the risk.',
    { fields });
}
