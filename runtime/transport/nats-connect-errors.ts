// Maps what the NATS client throws while connecting to Flint's typed errors. Messages name the
// server (credentials already stripped) and which credential was missing or rejected, never a secret.
import { errors } from '@nats-io/transport-node';
import { EngineError, ErrorCode, redactUrlCredentials } from '../../common/index.js';

export type CredentialKind = 'creds' | 'nkey' | 'user' | 'token';

export interface CredentialFacts {
  readonly kinds: readonly CredentialKind[];
  readonly user?: string;
  readonly hasPass: boolean;
  readonly credsFile?: string;
  readonly nkeyPublic?: string;
}

/** Human description of the credentials offered, without any secret. */
export function describeCredentials(facts: CredentialFacts): string {
  if (facts.kinds.length === 0) return 'no credentials were given';
  return facts.kinds.map((kind) => {
    switch (kind) {
      case 'creds': return `creds file ${facts.credsFile}`;
      case 'nkey': return `nkey ${facts.nkeyPublic}`;
      case 'token': return 'an auth token';
      case 'user': return facts.hasPass ? `user "${facts.user}" with a password` : `user "${facts.user}" without a password`;
    }
  }).join(' and ');
}

export interface ConnectContext {
  /** Server URLs, credentials removed. */
  readonly servers: string;
  /** describeCredentials() of what was offered. */
  readonly credentials: string;
  readonly hasCredentials: boolean;
  readonly hasTls: boolean;
}

const TLS_HINT = /certificate|tls|ssl|handshake|self[- ]signed|CERT_|ERR_TLS|UNABLE_TO_VERIFY/i;

function nodeCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Converts a connect() failure into AUTHENTICATION_FAILED or CONNECTION_FAILED. */
export function classifyConnectError(err: unknown, ctx: ConnectContext): EngineError {
  if (err instanceof EngineError) return err;
  const raw = err instanceof Error ? err : new Error(String(err));
  const detail = redactUrlCredentials(raw.message);
  const fields = { servers: ctx.servers, credentials: ctx.credentials };

  if (raw instanceof errors.AuthorizationError || raw instanceof errors.UserAuthenticationExpiredError) {
    const why = ctx.hasCredentials
      ? `${ctx.credentials} was not accepted (wrong or unknown credential${raw instanceof errors.UserAuthenticationExpiredError ? ', or it has expired' : ''})`
      : 'no credentials were given but the server requires them (set a user and password, a token, a creds file or an nkey seed)';
    return new EngineError(ErrorCode.AuthenticationFailed,
      `NATS server ${ctx.servers} refused the connection (${detail}): ${why}`, { fields, cause: raw });
  }

  const cause = raw.cause instanceof Error ? raw.cause : undefined;
  const code = nodeCode(raw) ?? nodeCode(cause);
  const text = `${raw.message} ${cause?.message ?? ''} ${code ?? ''}`;
  if (TLS_HINT.test(text) && !(raw instanceof errors.TimeoutError)) {
    return new EngineError(ErrorCode.ConnectionFailed,
      `TLS with NATS server ${ctx.servers} failed: ${detail}${ctx.hasTls ? ' (check tls.caFile, certFile and keyFile)' : ' (the server requires TLS: set tls.caFile)'}`,
      { retryable: false, fields: { ...fields, tls: ctx.hasTls }, cause: raw });
  }
  if (raw instanceof errors.TimeoutError) {
    return new EngineError(ErrorCode.ConnectionFailed,
      `connecting to NATS server ${ctx.servers} timed out${ctx.hasTls ? ' (a TLS handshake that stalls usually means the server wants a client certificate)' : ''}`,
      { retryable: true, fields, cause: raw });
  }
  const what = code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'its host name does not resolve'
    : code === 'ECONNREFUSED' || /refused/i.test(raw.message) ? 'nothing accepts connections there'
      : detail;
  return new EngineError(ErrorCode.ConnectionFailed, `cannot connect to NATS server ${ctx.servers}: ${what}`, {
    retryable: true, fields: { ...fields, ...(code ? { errno: code } : {}) }, cause: raw,
  });
}
