// The processes and temp dirs that test harnesses start: killed and removed when the test process
// exits, so a test that crashes or forgets a teardown leaves nothing behind.
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

const running = new Set<ChildProcess>();
const tempDirs = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });
}

/** Kills `child` when the test process exits, unless it has exited by then. */
export function trackChild(child: ChildProcess): void {
  installExitHook();
  running.add(child);
  const forget = (): void => { running.delete(child); };
  child.once('exit', forget);
  child.once('error', forget);
}

/** Removes `dir` when the test process exits, unless `removeTempDir` did so first. */
export function trackTempDir(dir: string): void {
  installExitHook();
  tempDirs.add(dir);
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** Resolves once `child` has exited (at once if it already has). */
export function childExited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Sends `signal`, then SIGKILL after `graceMs`; resolves once the child has exited. */
export async function haltChild(child: ChildProcess, signal: NodeJS.Signals, graceMs = 5_000): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await childExited(child);
  clearTimeout(timer);
}
