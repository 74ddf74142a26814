// Supervises a node's child processes (executors): spawns each from an absolute command and an
// argument array (never a shell), logs its output lines, and runs the pure child-lifecycle machine
// that decides restarts, stops and give-ups. Each child's inputs are handled one at a time, in order.
import { spawn, type ChildProcess } from 'node:child_process';
import { isAbsolute } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { EngineError, ErrorCode, assertNever, systemClock, type Clock, type Logger, type TimerHandle } from '../../common/index.js';
import { isTerminal, startChild, step, type ChildCommand, type ChildContext, type ChildInput, type ChildState, type ChildStateKind } from './child-lifecycle.js';
import { restartPolicy, type RestartPolicy } from './restart-policy.js';
import type { SupervisorEvent, SupervisorListener } from './supervisor-events.js';

/** What to run and how to restart it. */
export interface ChildSpec {
  /** Unique among this supervisor's live children (e.g. the executor id). */
  readonly id: string;
  /** Absolute path of the program, e.g. `process.execPath`. Never interpreted by a shell. */
  readonly command: string;
  readonly args: readonly string[];
  /** Added on top of the supervisor's base environment. */
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** Missing fields take DEFAULT_RESTART_POLICY's values. */
  readonly policy?: Partial<RestartPolicy>;
}

/** A point-in-time view of one child, for `list()` and status pages. */
export interface ChildSnapshot {
  readonly id: string;
  readonly pid: number | undefined;
  readonly state: ChildStateKind;
  readonly restarts: number;
}

export interface ProcessSupervisorOptions {
  readonly logger: Logger;
  /** Timers for backoff and grace periods, and the time restart windows are measured in. */
  readonly clock?: Clock;
  /** Jitter source in [0, 1); defaults to Math.random. */
  readonly random?: () => number;
  /** Environment every child starts from; defaults to this process's. */
  readonly baseEnv?: Readonly<Record<string, string | undefined>>;
  /** Grace between SIGTERM and SIGKILL when `stop` is not given one. */
  readonly defaultGraceMs?: number;
}

export interface StopOptions {
  readonly graceMs?: number;
}

interface Child {
  readonly spec: ChildSpec;
  readonly ctx: ChildContext;
  readonly log: Logger;
  state: ChildState;
  process?: ChildProcess;
  backoffTimer?: TimerHandle;
  graceTimer?: TimerHandle;
  readonly inbox: ChildInput[];
  busy: boolean;
  readonly waiters: (() => void)[];
}

/**
 * Starts, restarts and stops child processes according to their restart policies. A child that
 * dies by a signal or a non-zero code is restarted; one that exits 0, or exits after `stop`, is not.
 */
export class ProcessSupervisor {
  private readonly children = new Map<string, Child>();
  private readonly listeners = new Set<SupervisorListener>();
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly logger: Logger;
  private readonly baseEnv: Readonly<Record<string, string | undefined>>;
  private readonly defaultGraceMs: number;

  constructor(options: ProcessSupervisorOptions) {
    this.logger = options.logger;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.baseEnv = options.baseEnv ?? process.env;
    this.defaultGraceMs = options.defaultGraceMs ?? 10_000;
  }

  /** Subscribes to lifecycle events; returns the unsubscribe function. */
  on(listener: SupervisorListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts supervising `spec`. Throws INVALID_ARGUMENT for a bad spec or a live duplicate id. */
  start(spec: ChildSpec): ChildSnapshot {
    validateSpec(spec);
    const existing = this.children.get(spec.id);
    if (existing && !isTerminal(existing.state)) {
      throw new EngineError(ErrorCode.InvalidArgument, `child ${spec.id} is already supervised`, { fields: { id: spec.id } });
    }
    const ctx: ChildContext = { id: spec.id, policy: restartPolicy(spec.policy), random: this.random };
    const first = startChild(this.clock.monotonic());
    const child: Child = { spec, ctx, log: this.logger.child({ child: spec.id }), state: first.state, inbox: [], busy: false, waiters: [] };
    this.children.set(spec.id, child);
    this.execute(child, first.commands);
    return snapshot(child);
  }

  /** Asks a child to stop: SIGTERM, then SIGKILL after `graceMs`. Resolves once it will not run again. */
  stop(id: string, options: StopOptions = {}): Promise<void> {
    const child = this.children.get(id);
    if (!child) return Promise.reject(new EngineError(ErrorCode.InvalidArgument, `no supervised child ${id}`, { fields: { id } }));
    const done = new Promise<void>((resolve) => child.waiters.push(resolve));
    this.dispatch(child, { kind: 'StopRequested', graceMs: options.graceMs ?? this.defaultGraceMs });
    this.settle(child);
    return done;
  }

  /** Stops every child in parallel. */
  async stopAll(options: StopOptions = {}): Promise<void> {
    await Promise.all([...this.children.keys()].map((id) => this.stop(id, options)));
  }

  /** A snapshot of every child this supervisor knows, including stopped and given-up ones. */
  list(): ChildSnapshot[] {
    return [...this.children.values()].map(snapshot);
  }

  private dispatch(child: Child, input: ChildInput): void {
    child.inbox.push(input);
    if (child.busy) return;
    child.busy = true;
    try {
      for (let next = child.inbox.shift(); next; next = child.inbox.shift()) {
        const transition = step(child.ctx, child.state, next);
        child.state = transition.state;
        this.execute(child, transition.commands);
      }
    } finally {
      child.busy = false;
    }
    this.settle(child);
  }

  private settle(child: Child): void {
    if (!isTerminal(child.state)) return;
    for (const resolve of child.waiters.splice(0)) resolve();
  }

  private execute(child: Child, commands: readonly ChildCommand[]): void {
    for (const command of commands) {
      switch (command.kind) {
        case 'Spawn':
          this.spawn(child, command.attempt);
          break;
        case 'Signal':
          this.signal(child, command.signal);
          break;
        case 'StartBackoffTimer':
          child.backoffTimer = this.clock.setTimeout(() => this.dispatch(child, { kind: 'BackoffElapsed', attempt: command.attempt }), command.delayMs);
          break;
        case 'CancelBackoffTimer':
          child.backoffTimer?.cancel();
          child.backoffTimer = undefined;
          break;
        case 'StartGraceTimer':
          child.graceTimer = this.clock.setTimeout(() => this.dispatch(child, { kind: 'GraceElapsed', attempt: command.attempt }), command.graceMs);
          break;
        case 'CancelGraceTimer':
          child.graceTimer?.cancel();
          child.graceTimer = undefined;
          break;
        case 'Emit':
          this.emit(child, command.event);
          break;
        default:
          assertNever(command, 'child command');
      }
    }
  }

  private spawn(child: Child, attempt: number): void {
    const { spec } = child;
    let proc: ChildProcess;
    try {
      proc = spawn(spec.command, [...spec.args], {
        cwd: spec.cwd,
        env: { ...this.baseEnv, ...spec.env },
        stdio: ['ignore', 'pipe', 'pipe'],
        shell: false,
        windowsHide: true,
      });
    } catch (err) {
      // Synchronous failures (bad cwd type, invalid args) are reported like asynchronous ENOENT.
      this.queueLater(child, { kind: 'SpawnFailed', attempt, message: messageOf(err), at: this.clock.monotonic() });
      return;
    }
    child.process = proc;
    proc.on('error', (err) => {
      if (proc.pid === undefined) {
        this.dispatch(child, { kind: 'SpawnFailed', attempt, message: err.message, at: this.clock.monotonic() });
      } else {
        child.log.warn({ err, attempt }, 'child process error');
      }
    });
    proc.on('exit', (code, signal) => {
      this.dispatch(child, { kind: 'Exited', attempt, code, signal, at: this.clock.monotonic() });
    });
    if (proc.pid === undefined) return; // 'error' follows
    const log = child.log.child({ pid: proc.pid, attempt });
    pipeLines(proc.stdout, (line) => log.info({ stream: 'stdout' }, line));
    pipeLines(proc.stderr, (line) => log.warn({ stream: 'stderr' }, line));
    this.queueLater(child, { kind: 'Spawned', attempt, pid: proc.pid, at: this.clock.monotonic() });
  }

  /** Feeds an input produced while commands run; the dispatch loop picks it up in order. */
  private queueLater(child: Child, input: ChildInput): void {
    if (child.busy) child.inbox.push(input);
    else this.dispatch(child, input);
  }

  private signal(child: Child, signal: 'SIGTERM' | 'SIGKILL'): void {
    const proc = child.process;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    child.log.info({ pid: proc.pid, signal }, 'signalling child');
    proc.kill(signal);
  }

  private emit(child: Child, event: SupervisorEvent): void {
    child.log.debug({ event }, event.kind);
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        child.log.error({ err, event: event.kind }, 'supervisor listener threw');
      }
    }
  }
}

function snapshot(child: Child): ChildSnapshot {
  const pid = child.state.kind === 'running' || child.state.kind === 'stopping' ? child.state.pid : undefined;
  return { id: child.spec.id, pid, state: child.state.kind, restarts: child.state.attempt - 1 };
}

function pipeLines(stream: Readable | null, sink: (line: string) => void): void {
  if (!stream) return;
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', sink);
}

function validateSpec(spec: ChildSpec): void {
  const bad = (field: string, problem: string): EngineError =>
    new EngineError(ErrorCode.InvalidArgument, `child spec ${field} ${problem}`, { fields: { id: spec.id, field } });
  if (typeof spec.id !== 'string' || spec.id === '') throw bad('id', 'must be a non-empty string');
  if (typeof spec.command !== 'string' || !isAbsolute(spec.command)) throw bad('command', `must be an absolute path, got ${String(spec.command)}`);
  if (!Array.isArray(spec.args) || spec.args.some((a) => typeof a !== 'string')) throw bad('args', 'must be an array of strings');
  if (spec.cwd !== undefined && (typeof spec.cwd !== 'string' || !isAbsolute(spec.cwd))) throw bad('cwd', 'must be an absolute path');
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
