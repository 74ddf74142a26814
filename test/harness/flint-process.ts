// Runs the built Flint entries as child processes for end-to-end tests: `node <repo>/runtime …`
// (startFlintProcess) and `node dist/cli/flint.js …` (runFlint). Arguments are arrays (no shell);
// stdout/stderr are collected line by line (pino JSON logs go to stderr). Children never inherit
// tap's NODE_OPTIONS, and any child still running when the test process exits is SIGKILLed.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trackChild } from './child-registry.js';

/** Which built entry to run: `runtime` (`node <repo>/runtime`) or `flint` (`dist/cli/flint.js`). */
export type FlintEntry = 'runtime' | 'flint';

export interface FlintProcessOptions {
  /** Extra environment on top of the test's own (minus NODE_OPTIONS). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** A label for error messages (default: the entry and its first arguments). */
  readonly name?: string;
  /** Entry to run (default `runtime`). */
  readonly entry?: FlintEntry;
}

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface FlintProcess {
  readonly name: string;
  readonly pid: number;
  /** Resolves once the process has exited (never rejects). */
  readonly exited: Promise<ProcessExit>;
  /** Complete stdout lines so far. */
  stdoutLines(): readonly string[];
  /** Complete stderr lines so far (pino JSON logs and `flint: CODE: …` start-up failures). */
  stderrLines(): readonly string[];
  /** stdout and stderr lines in arrival order. */
  lines(): readonly string[];
  /** stderr lines that parse as JSON objects (the structured log). */
  logs(): readonly Record<string, unknown>[];
  /** Resolves with the first line (stdout or stderr, past or future) matching `pattern`; rejects on timeout or exit. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** True once the process has exited (its last output may still be arriving; await `exited`). */
  hasExited(): boolean;
  /** Sends `signal` (default SIGKILL) and resolves when the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<ProcessExit>;
  /** SIGTERM, then SIGKILL after `graceMs` (default 5 s); resolves with the exit. */
  stop(graceMs?: number): Promise<ProcessExit>;
  /** The last `n` lines, for assertion and error messages. */
  tail(n?: number): string;
}

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The repository root: the nearest ancestor of this file holding `runtime/package.json` (works from dist too). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'runtime', 'package.json')) && existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('flint-process: repository root (runtime/package.json) not found');
    dir = parent;
  }
}

function entryScript(entry: FlintEntry): string {
  const root = repoRoot();
  const built = join(root, 'dist', 'cli', entry === 'runtime' ? 'node-runtime.js' : 'flint.js');
  if (!existsSync(built)) throw new Error(`flint-process: ${built} is missing; run \`npm run build\` first`);
  return entry === 'runtime' ? join(root, 'runtime') : built;
}

/** The child's environment: the test's, without NODE_OPTIONS (tap's process tracker slows children). */
export function childEnv(extra: Readonly<Record<string, string | undefined>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.NODE_OPTIONS;
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return env;
}

/**
 * How children are started. tap's process tracker hooks spawn() and puts its loader back into
 * NODE_OPTIONS whatever env we pass, which makes every child load (and cover) it: `env -u
 * NODE_OPTIONS` drops it after that hook and then execs node in place (same pid).
 */
function launcher(): [string, string[]] {
  return existsSync('/usr/bin/env') ? ['/usr/bin/env', ['-u', 'NODE_OPTIONS', process.execPath]] : [process.execPath, []];
}

/** Spawns `node <repo>/runtime ...args` (or `dist/cli/flint.js` with `entry: 'flint'`). Kill or stop it in t.teardown. */
export function startFlintProcess(args: readonly string[], options: FlintProcessOptions = {}): FlintProcess {
  const entry = options.entry ?? 'runtime';
  const name = options.name ?? `${entry} ${args.slice(0, 4).join(' ')}`;
  const [command, prefix] = launcher();
  const child = spawn(command, [...prefix, entryScript(entry), ...args], {
    cwd: repoRoot(),
    env: childEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  trackChild(child);

  const out: string[] = [];
  const err: string[] = [];
  const all: string[] = [];
  const waiters = new Set<{ pattern: RegExp; resolve: (line: string) => void }>();

  const onLine = (target: string[], line: string): void => {
    target.push(line);
    all.push(line);
    for (const w of waiters) {
      if (w.pattern.test(line)) {
        waiters.delete(w);
        w.resolve(line);
      }
    }
  };
  const collect = (stream: NodeJS.ReadableStream, target: string[]): Promise<void> => new Promise((resolve) => {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) onLine(target, line.replace(/\r$/, ''));
    });
    stream.on('end', () => {
      if (partial) onLine(target, partial);
      partial = '';
      resolve();
    });
    stream.on('error', () => resolve());
  });
  const outDone = collect(child.stdout!, out);
  const errDone = collect(child.stderr!, err);

  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('error', () => {
      resolve({ code: null, signal: null });
    });
    child.once('exit', (code, signal) => {
      // Wait for the rest of the output, but not forever: a grandchild (an executor) that inherited
      // the pipes may keep them open after this process is gone.
      let grace: NodeJS.Timeout | undefined;
      const drained = Promise.all([outDone, errDone]);
      const late = new Promise<void>((r) => { grace = setTimeout(r, 2_000); });
      void Promise.race([drained, late]).then(() => {
        clearTimeout(grace);
        resolve({ code, signal });
      });
    });
  });

  const tail = (n = 30): string => all.slice(-n).join('\n');

  const proc: FlintProcess = {
    name,
    pid: child.pid ?? -1,
    exited,
    stdoutLines: () => out,
    stderrLines: () => err,
    lines: () => all,
    logs() {
      const parsed: Record<string, unknown>[] = [];
      for (const line of err) {
        if (!line.startsWith('{')) continue;
        try {
          parsed.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // not a log line
        }
      }
      return parsed;
    },
    waitForLine(pattern, timeoutMs = 30_000) {
      const seen = all.find((line) => pattern.test(line));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise<string>((resolve, reject) => {
        let settled = false;
        const waiter = {
          pattern,
          resolve: (line: string) => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            resolve(line);
          },
        };
        const fail = (why: string): void => {
          if (settled) return;
          settled = true;
          waiters.delete(waiter);
          clearTimeout(timer);
          reject(new Error(`${name}: ${why} waiting for a line matching ${pattern}\n--- last output ---\n${tail()}`));
        };
        // setImmediate: output that arrived while the event loop was blocked is read before giving up.
        const timer = setTimeout(() => setImmediate(() => fail(`timed out after ${timeoutMs} ms`)), timeoutMs);
        waiters.add(waiter);
        void exited.then((e) => fail(`exited (code ${e.code}, signal ${e.signal})`));
      });
    },
    hasExited: () => child.exitCode !== null || child.signalCode !== null,
    kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    async stop(graceMs = 5_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const e = await exited;
      clearTimeout(timer);
      return e;
    },
    tail,
  };
  return proc;
}

/** Runs `node dist/cli/flint.js ...args` to completion; SIGKILLs it and rejects after `timeoutMs` (default 30 s). */
export async function runFlint(args: readonly string[], options: { env?: Readonly<Record<string, string | undefined>>; timeoutMs?: number; entry?: FlintEntry } = {}): Promise<RunResult> {
  const proc = startFlintProcess(args, { env: options.env, entry: options.entry ?? 'flint', name: `${options.entry ?? 'flint'} ${args.join(' ')}` });
  const timeoutMs = options.timeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  // setImmediate: an exit that happened while the event loop was blocked is seen before giving up.
  const timedOut = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => setImmediate(() => resolve('timeout')), timeoutMs); });
  let result = await Promise.race([proc.exited, timedOut]);
  clearTimeout(timer);
  if (result === 'timeout' && proc.hasExited()) result = await proc.exited;
  if (result === 'timeout') {
    await proc.kill('SIGKILL');
    throw new Error(`${proc.name}: still running after ${timeoutMs} ms; killed\n--- last output ---\n${proc.tail()}`);
  }
  return {
    code: result.code,
    signal: result.signal,
    stdout: proc.stdoutLines().join('\n'),
    stderr: proc.stderrLines().join('\n'),
  };
}
