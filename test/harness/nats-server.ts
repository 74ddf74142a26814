// Starts a real nats-server (Debian's 2.9.10 at /usr/sbin/nats-server, or one on PATH) on a free
// loopback port for one test, with JetStream in a temp store dir and its log captured to a file.
// Never uses 4222; restart() comes back on the same port with the same store; temp dirs are removed.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, closeSync, constants, existsSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort, waitFor } from './free-port.js';
import { haltChild, removeTempDir, trackChild, trackTempDir } from './child-registry.js';

export interface NatsServerOptions {
  /** Enables JetStream with a temp store dir (default true). */
  readonly jetstream?: boolean;
  /** Extra nats-server configuration text (users, authorization, tls, max_payload...). */
  readonly config?: string;
  /** Fixed port; default a free loopback port (never 4222). */
  readonly port?: number;
  /** How long to wait for the server to accept connections (default 10 s). */
  readonly startTimeoutMs?: number;
  /** Extra environment for the server (config files may reference `$VARS`, e.g. passwords). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface NatsServer {
  /** `nats://127.0.0.1:<port>` (use `tls://` yourself when the config requires TLS). */
  readonly url: string;
  readonly port: number;
  /** JetStream store directory (kept across restart()). */
  readonly storeDir: string;
  /** The server's stdout/stderr, appended across restarts. */
  readonly logFile: string;
  /** Graceful stop (SIGTERM, then SIGKILL after 5 s) and removal of the temp dir. Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash; keeps the store dir so restart() can bring the server back. */
  kill(): Promise<void>;
  /** Stops the server if it is running and starts it again on the same port with the same store. */
  restart(): Promise<void>;
  /** The log captured so far (for assertion messages). */
  log(): string;
}

/** Path of the nats-server binary: /usr/sbin/nats-server, else the first on PATH. */
export function natsServerBinary(): string {
  const candidates = ['/usr/sbin/nats-server', ...(process.env.PATH ?? '').split(delimiter).map((d) => join(d, 'nats-server'))];
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // try the next one
    }
  }
  throw new Error('nats-server not found (install Debian package nats-server)');
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = tcpConnect({ host: '127.0.0.1', port });
    sock.once('connect', () => { sock.destroy(); resolve(true); });
    sock.once('error', () => resolve(false));
  });
}

/** Starts nats-server on a free loopback port; stop it in `t.teardown(() => server.stop())`. */
export async function startNatsServer(options: NatsServerOptions = {}): Promise<NatsServer> {
  const binary = natsServerBinary();
  const port = options.port ?? (await freePort());
  if (port === 4222) throw new Error('test nats-server must not use port 4222');
  const dir = mkdtempSync(join(tmpdir(), 'flint-nats-'));
  trackTempDir(dir);
  const storeDir = join(dir, 'js');
  const logFile = join(dir, 'nats-server.log');
  const args = ['-a', '127.0.0.1', '-p', String(port)];
  if (options.jetstream ?? true) args.push('-js', '-sd', storeDir);
  if (options.config !== undefined) {
    const confFile = join(dir, 'nats-server.conf');
    writeFileSync(confFile, options.config);
    args.push('-c', confFile);
  }
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  let child: ChildProcess | undefined;
  let removed = false;

  const readLog = (): string => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');

  async function launch(): Promise<void> {
    const fd = openSync(logFile, 'a');
    const proc = spawn(binary, args, { stdio: ['ignore', fd, fd], env: { ...process.env, ...options.env } });
    closeSync(fd);
    child = proc;
    trackChild(proc);
    await waitFor(`nats-server on port ${port}`, async () => {
      if (proc.exitCode !== null || proc.signalCode !== null) {
        throw new Error(`nats-server exited (${proc.exitCode ?? proc.signalCode}):\n${readLog()}`);
      }
      return readLog().includes('Server is ready') && (await canConnect(port));
    }, startTimeoutMs).catch((err: Error) => {
      proc.kill('SIGKILL');
      // waitFor swallows check errors; surface the log so a bad config is obvious.
      throw new Error(`${err.message}\n--- nats-server log (${logFile}) ---\n${readLog()}`);
    });
  }

  async function halt(signal: NodeJS.Signals): Promise<void> {
    const proc = child;
    child = undefined;
    if (proc) await haltChild(proc, signal);
  }

  await launch();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    logFile,
    log: readLog,
    async stop() {
      await halt('SIGTERM');
      if (!removed) {
        removed = true;
        removeTempDir(dir);
      }
    },
    kill: () => halt('SIGKILL'),
    async restart() {
      if (removed) throw new Error('nats-server was stopped for good; start a new one');
      await halt('SIGTERM');
      await launch();
    },
  };
}
