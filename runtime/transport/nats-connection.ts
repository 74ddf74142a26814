// Opens a NATS connection for Flint: credentials from options or server URLs (never logged), TLS
// files, reconnect forever, the security-by-default policy, and start-up failures mapped to typed
// errors (AUTHENTICATION_FAILED names the server and which credential was wrong, never the secret).
import { readFileSync } from 'node:fs';
import { connect, credsAuthenticator, nkeyAuthenticator, nkeys, type Authenticator, type NatsConnection } from '@nats-io/transport-node';
import { EngineError, ErrorCode, redactUrlCredentials, type Logger } from '../../common/index.js';
import { checkBindSecurity } from './security.js';
import { classifyConnectError, describeCredentials, type CredentialKind } from './nats-connect-errors.js';

export interface NatsTlsOptions {
  /** CA bundle that signed the server certificate. */
  readonly caFile?: string;
  /** Client certificate and key, for servers that verify clients (mutual TLS). */
  readonly certFile?: string;
  readonly keyFile?: string;
}

export interface NatsConnectOptions {
  /** One URL or a list; `nats://user:pass@host:port` and `nats://token@host` carry credentials. */
  readonly servers: string | readonly string[];
  readonly user?: string;
  readonly pass?: string;
  readonly token?: string;
  /** A NATS creds file (user JWT + nkey seed), for servers in operator/JWT mode. */
  readonly credsFile?: string;
  /** An nkey user seed (`SU…`). */
  readonly nkeySeed?: string;
  readonly tls?: NatsTlsOptions;
  /** Connection name shown by the server's monitoring (e.g. `flint-node-n1`). */
  readonly name?: string;
  /** Request inbox prefix (see subjects.inboxPrefix), so permissions can scope replies per role. */
  readonly inboxPrefix?: string;
  /** Allow a non-loopback server without credentials and TLS (the operator's `--insecure`). */
  readonly insecure?: boolean;
  /** Reconnect attempts per server; -1 (default) reconnects forever. */
  readonly maxReconnectAttempts?: number;
  /** Wait between reconnect attempts to one server (default 250 ms). */
  readonly reconnectTimeWaitMs?: number;
  /** Timeout of the first connection attempt (default 5 s). */
  readonly connectTimeoutMs?: number;
  readonly logger?: Logger;
}

interface ParsedServers {
  /** URLs without credentials: what the client gets and what messages name. */
  readonly urls: string[];
  readonly user?: string;
  readonly pass?: string;
  readonly token?: string;
}

const URL_PARTS = /^([a-z][a-z0-9+.-]*:\/\/)?(?:([^@/]*)@)?(.*)$/i;

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** Splits credentials out of server URLs; the first URL that carries some wins. */
export function parseServers(servers: string | readonly string[]): ParsedServers {
  const list = typeof servers === 'string' ? servers.split(',').map((s) => s.trim()).filter(Boolean) : [...servers];
  if (list.length === 0) throw new EngineError(ErrorCode.Config, 'no NATS server URL given');
  let found: Omit<ParsedServers, 'urls'> | undefined;
  const urls = list.map((raw) => {
    const m = URL_PARTS.exec(raw.trim());
    if (!m || m[2] === undefined) return raw.trim();
    const [, scheme = '', userinfo, rest] = m;
    if (!found && userinfo.length > 0) {
      const i = userinfo.indexOf(':');
      found = i < 0 ? { token: decode(userinfo) } : { user: decode(userinfo.slice(0, i)), pass: decode(userinfo.slice(i + 1)) };
    }
    return `${scheme}${rest}`;
  });
  return { urls, ...found };
}

function readCreds(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new EngineError(ErrorCode.Config, `cannot read NATS creds file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, {
      fields: { credsFile: path }, cause: err,
    });
  }
}

function nkeyPublicKey(seed: string): string {
  try {
    return nkeys.fromSeed(new TextEncoder().encode(seed)).getPublicKey();
  } catch (err) {
    // The seed itself must never appear in the message.
    throw new EngineError(ErrorCode.Config, 'the NATS nkey seed is not a valid nkey seed', { cause: err instanceof Error ? new Error(err.name) : undefined });
  }
}

/**
 * Connects to NATS. Throws EngineError: INSECURE_BIND (policy), CONFIG (unreadable creds file,
 * bad seed), AUTHENTICATION_FAILED (credentials missing or rejected), CONNECTION_FAILED (unreachable,
 * TLS failure; retryable).
 */
export async function connectNats(options: NatsConnectOptions): Promise<NatsConnection> {
  const parsed = parseServers(options.servers);
  const user = options.user ?? parsed.user;
  const pass = options.pass ?? parsed.pass;
  const token = options.token ?? parsed.token;
  const authenticators: Authenticator[] = [];
  const kinds: CredentialKind[] = [];
  let nkeyPublic: string | undefined;
  if (options.credsFile !== undefined) {
    authenticators.push(credsAuthenticator(readCreds(options.credsFile)));
    kinds.push('creds');
  }
  if (options.nkeySeed !== undefined) {
    nkeyPublic = nkeyPublicKey(options.nkeySeed);
    authenticators.push(nkeyAuthenticator(new TextEncoder().encode(options.nkeySeed)));
    kinds.push('nkey');
  }
  if (user !== undefined) kinds.push('user');
  if (token !== undefined) kinds.push('token');

  const hasTls = options.tls !== undefined;
  for (const url of parsed.urls) {
    checkBindSecurity({
      url, hasCredentials: kinds.length > 0, hasTls: hasTls || /^tls:\/\//i.test(url),
      insecure: options.insecure, logger: options.logger,
    });
  }

  const serverList = parsed.urls.join(', ');
  try {
    const nc = await connect({
      servers: parsed.urls,
      user, pass, token,
      authenticator: authenticators.length > 0 ? authenticators : undefined,
      tls: hasTls ? { ...options.tls } : undefined,
      name: options.name,
      inboxPrefix: options.inboxPrefix,
      maxReconnectAttempts: options.maxReconnectAttempts ?? -1,
      reconnectTimeWait: options.reconnectTimeWaitMs ?? 250,
      timeout: options.connectTimeoutMs ?? 5_000,
      waitOnFirstConnect: false,
    });
    options.logger?.info({ servers: serverList, server: nc.getServer(), maxPayload: nc.info?.max_payload }, 'connected to NATS');
    return nc;
  } catch (err) {
    throw classifyConnectError(err, {
      servers: redactUrlCredentials(serverList),
      credentials: describeCredentials({ kinds, user, hasPass: pass !== undefined, credsFile: options.credsFile, nkeyPublic }),
      hasCredentials: kinds.length > 0,
      hasTls,
    });
  }
}
