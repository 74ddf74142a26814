// What one running task attempt carries through its computation: its description, its revived user
// functions, its metrics, the executor services it reads and writes blocks through, and the
// cooperative kill flag with time-sliced yielding (so tasks interleave and the actor stays responsive).
import type { Logger } from '../../common/index.js';
import type { ExecutorServices } from './executor-services.js';
import { TaskKilledError } from './task-errors.js';
import type { MutableTaskMetrics } from './task-metrics.js';
import type { TaskDescription } from './task-protocol.js';
import type { UserFunctions } from './user-functions.js';

/** Longest a task computes before letting the event loop run other work. */
const SLICE_MS = 10;
/** Records between two looks at the clock and the kill flag in hot loops (a power of two, minus one). */
export const CHECK_MASK = 255;

/** A task attempt's kill switch and time slice; exists before the task's functions are ready. */
export class TaskControl {
  private killReason: string | undefined;
  private sliceStart = performance.now();

  constructor(readonly taskId: number) {}

  get killed(): boolean { return this.killReason !== undefined; }
  get reason(): string | undefined { return this.killReason; }

  /** Asks the task to stop at its next check; the first reason wins. */
  kill(reason: string): void {
    this.killReason ??= reason;
  }

  throwIfKilled(): void {
    if (this.killReason !== undefined) throw new TaskKilledError(this.killReason, this.taskId);
  }

  /**
   * A kill check, and a promise to await when the task has held the thread for a time slice
   * (undefined otherwise, so hot loops only wait when they must).
   */
  checkpoint(): Promise<void> | undefined {
    this.throwIfKilled();
    if (performance.now() - this.sliceStart < SLICE_MS) return undefined;
    return new Promise<void>((resolve) => setImmediate(() => {
      this.sliceStart = performance.now();
      resolve();
    })).then(() => this.throwIfKilled());
  }
}

export class TaskContext {
  constructor(
    readonly task: TaskDescription,
    readonly control: TaskControl,
    readonly functions: UserFunctions,
    readonly metrics: MutableTaskMetrics,
    readonly services: ExecutorServices,
    readonly log: Logger,
  ) {}

  get appId(): string { return this.task.appId; }
  get taskId(): number { return this.task.taskId; }

  checkpoint(): Promise<void> | undefined {
    return this.control.checkpoint();
  }

  /** Awaits a user function's promise, then checks for a kill (an async function may be slow per record). */
  async settle(pending: PromiseLike<unknown>): Promise<unknown> {
    const value = await pending;
    this.control.throwIfKilled();
    return value;
  }
}
