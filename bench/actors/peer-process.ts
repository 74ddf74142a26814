// Starts the benchmark's second process (peer.js) and stops it: ready when it prints READY_LINE,
// stopped by the `quit` control request, SIGTERM after a grace period, SIGKILL as a last resort.
// Its stdin is a pipe the peer watches, so it also exits if this process dies without cleaning up.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { READY_LINE } from './bench-protocol.js';

export interface PeerProcessOptions {
  readonly url: string;
  readonly sinkMailbox: number;
  /** Extra node flags for the peer (e.g. `--cpu-prof`). */
  readonly nodeArgs: readonly string[];
  readonly readyTimeoutMs: number;
}

export interface PeerProcess {
  readonly pid: number | undefined;
  /** How the process ended (`exit code 1`, `signal SIGKILL`), or undefined while it runs. */
  exitStatus(): string | undefined;
  /** Resolves once the process exited (by itself or killed). */
  readonly exited: Promise<void>;
  /** Ends the process: waits `graceMs` for it to exit after `quit`, then SIGTERM, then SIGKILL. */
  stop(graceMs: number): Promise<void>;
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function within(p: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    void p.then(() => { clearTimeout(t); resolve(true); });
  });
}

export async function startPeer(options: PeerProcessOptions): Promise<PeerProcess> {
  const script = fileURLToPath(new URL('./peer.js', import.meta.url));
  const child = spawn(process.execPath, [...options.nodeArgs, script, '--url', options.url, '--sink-mailbox', String(options.sinkMailbox)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => {
    if (hasExited(child)) resolve();
    else child.once('exit', () => resolve());
  });
  const stop = async (graceMs: number): Promise<void> => {
    if (hasExited(child)) return;
    if (await within(exited, graceMs)) return;
    child.kill('SIGTERM');
    if (await within(exited, 2000)) return;
    child.kill('SIGKILL');
    await exited;
  };
  const exitStatus = (): string | undefined => {
    if (child.exitCode !== null) return `exit code ${child.exitCode}`;
    return child.signalCode !== null ? `signal ${child.signalCode}` : undefined;
  };
  const peer: PeerProcess = { pid: child.pid, exitStatus, exited, stop };
  const lines = createInterface({ input: child.stdout! });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`bench peer not ready after ${options.readyTimeoutMs} ms`)), options.readyTimeoutMs);
      lines.on('line', (line) => {
        if (line.trim() === READY_LINE) { clearTimeout(timer); resolve(); }
      });
      child.once('error', (err) => { clearTimeout(timer); reject(err); });
      void exited.then(() => { clearTimeout(timer); reject(new Error(`bench peer exited (${child.exitCode ?? child.signalCode}) before it was ready`)); });
    });
  } catch (err) {
    await stop(0);
    throw err;
  }
  return peer;
}
