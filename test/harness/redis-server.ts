// Starts a real redis-server on a free loopback port for one test (never 6379), with persistence
// off and a temp working dir; ready once it answers PING. restart() comes back on the same port
// (empty: nothing is persisted, like a cache that lost its data).
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './free-port.js';
import { haltChild, removeTempDir, trackChild, trackTempDir } from './child-registry.js';

export interface RedisServerOptions {
  /** Fixed port; default a free loopback port (never 6379). */
  readonly port?: number;
  /** Path of the binary (default `redis-server` on PATH). */
  readonly binary?: string;
  /** How long to wait for PONG (default 10 s). */
  readonly startTimeoutMs?: number;
}

export interface RedisServer {
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** The server's stdout/stderr, appended across restarts. */
  readonly logFile: string;
  /** Graceful stop (SIGTERM, then SIGKILL after 5 s) and removal of the temp dir. Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash; restart() can bring the server back (empty). */
  kill(): Promise<void>;
  /** Stops the server if it is running and starts it again on the same port. */
  restart(): Promise<void>;
  /** The log captured so far (for assertion messages). */
  log(): string;
}

/** True when a Redis on `port` answers PING with PONG (raw RESP, no client library). */
export function redisAnswersPing(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = tcpConnect({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean): void => { clearTimeout(timer); sock.destroy(); resolve(ok); };
    const timer = setTimeout(() => done(false), timeoutMs);
    sock.once('connect', () => sock.write('PING\r\n'));
    sock.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
    sock.once('error', () => done(false));
  });
}

/** Starts redis-server on a free loopback port; stop it in `t.teardown(() => server.stop())`. */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const port = options.port ?? (await freePort());
  if (port === 6379) throw new Error('test redis-server must not use port 6379');
  const dir = mkdtempSync(join(tmpdir(), 'flint-redis-'));
  trackTempDir(dir);
  const logFile = join(dir, 'redis-server.log');
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'];
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  let child: ChildProcess | undefined;
  let removed = false;

  const readLog = (): string => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');

  async function launch(): Promise<void> {
    const fd = openSync(logFile, 'a');
    const proc = spawn(options.binary ?? 'redis-server', args, { stdio: ['ignore', fd, fd] });
    closeSync(fd);
    child = proc;
    trackChild(proc);
    // A missing binary surfaces as an 'error' event; keep it so the wait below fails with it.
    let spawnError: Error | undefined;
    proc.once('error', (err) => { spawnError = err; });
    await waitFor(`redis-server on port ${port}`, async () => {
      if (spawnError) throw spawnError;
      if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`redis-server exited (${proc.exitCode ?? proc.signalCode})`);
      return redisAnswersPing(port);
    }, startTimeoutMs).catch((err: Error) => {
      proc.kill('SIGKILL');
      const cause = spawnError ? ` (${spawnError.message})` : '';
      throw new Error(`${err.message}${cause}\n--- redis-server log (${logFile}) ---\n${readLog()}`);
    });
  }

  async function halt(signal: NodeJS.Signals): Promise<void> {
    const proc = child;
    child = undefined;
    if (proc) await haltChild(proc, signal);
  }

  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
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
      if (removed) throw new Error('redis-server was stopped for good; start a new one');
      await halt('SIGTERM');
      await launch();
    },
  };
}
