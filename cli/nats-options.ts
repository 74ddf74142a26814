// Turns parsed CLI credentials into NATS connection options (one place for runtime and status).
import type { NatsConnectOptions } from '../runtime/transport/nats-connection.js';
import type { Logger } from '../common/index.js';
import type { NatsAuthOptions } from './runtime-options.js';

export function natsConnectOptions(servers: string, auth: NatsAuthOptions, extra: { name: string; insecure: boolean; logger?: Logger }): NatsConnectOptions {
  return {
    servers,
    user: auth.user,
    pass: auth.password,
    token: auth.token,
    credsFile: auth.credsFile,
    tls: auth.tls,
    name: extra.name,
    insecure: extra.insecure,
    logger: extra.logger,
  };
}
