// The node runtime's one hook for cluster-mode drivers: hosts a DriverLauncher at `user/drivers` of
// the node's actor system. Drivers reach NATS as the node does (its URL, TLS files and credentials,
// the credentials in their environment only). A launcher that cannot start (no JetStream) is logged
// and leaves the node running without it: executors do not need it.
import { fileURLToPath } from 'node:url';
import type { Logger } from '../common/index.js';
import type { ActorSystem } from '../runtime/actors/index.js';
import { splitUrlCredentials, startDriverLauncher, type NatsCredentials } from '../runtime/submit/index.js';
import type { NatsTransport } from '../runtime/transport/nats-transport.js';
import type { RuntimeOptions } from './runtime-options.js';

export function hostDriverLauncher(system: ActorSystem, transport: NatsTransport, opts: RuntimeOptions, nodeId: string, logger: Logger): void {
  const { url, credentials: fromUrl } = splitUrlCredentials(opts.master);
  const { user, password, token, credsFile, tls } = opts.auth;
  const credentials: NatsCredentials = {
    user: user ?? fromUrl.user, password: password ?? fromUrl.password, token: token ?? fromUrl.token, credsFile,
  };
  startDriverLauncher(system, transport.connection, {
    nodeId, cluster: opts.cluster, master: url, credentials, tls, insecure: opts.insecure, logger,
    driverMain: fileURLToPath(new URL('./driver-main.js', import.meta.url)),
  }).catch((err: unknown) => {
    logger.error({ err }, 'driver launcher not started: this node cannot run cluster-mode drivers');
  });
}
