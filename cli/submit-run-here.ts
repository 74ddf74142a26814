// Runs a bundled program in a child process of `flint submit` (local and client mode): the bundle in
// a temp dir, the terminal's stdio (so the program's output and progress bar show as they come),
// SIGTERM/SIGINT passed on, and the child's end reported as a shell would (128 + signal number).
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DriverExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** What `flint submit` exits with: the code, or 128 + the signal's number. */
  readonly exitCode: number;
}

export interface RunHereOptions {
  readonly bundle: Uint8Array;
  /** File name of the bundle in its temp dir (stack traces show the source map's names anyway). */
  readonly fileName: string;
  readonly args: readonly string[];
  /** Added to this process's environment. */
  readonly env: Readonly<Record<string, string>>;
  /** Called once the child process exists. */
  readonly onStarted?: (pid: number) => void;
}

/** The driver entry beside this module (dist/cli/driver-main.js). */
export function driverMainPath(): string {
  return fileURLToPath(new URL('./driver-main.js', import.meta.url));
}

export async function runDriverHere(options: RunHereOptions): Promise<DriverExitStatus> {
  const dir = await mkdtemp(join(tmpdir(), 'flint-submit-'));
  const bundlePath = join(dir, options.fileName);
  try {
    await writeFile(bundlePath, options.bundle);
    const child = spawn(process.execPath, [driverMainPath(), bundlePath, ...options.args], {
      stdio: 'inherit',
      env: { ...process.env, ...options.env },
      shell: false,
    });
    // Ctrl-C reaches the whole process group, the child included: wait for it to end instead of dying first.
    const onSigint = (): void => {};
    const onSigterm = (): void => { child.kill('SIGTERM'); };
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigterm);
    try {
      return await new Promise<DriverExitStatus>((resolve, reject) => {
        child.once('error', reject);
        child.once('spawn', () => { if (child.pid !== undefined) options.onStarted?.(child.pid); });
        child.once('exit', (code, signal) => resolve({ code, signal, exitCode: shellExitCode(code, signal) }));
      });
    } finally {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function shellExitCode(code: number | null, signal: NodeJS.Signals | null): number {
  if (signal !== null) return 128 + (constants.signals[signal] ?? 0);
  return code ?? 1;
}
