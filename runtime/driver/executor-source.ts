// How the driver finds executors: a source reports executors as they appear and disappear. The
// driver registers the application with each added executor and death-watches it, so a source only
// has to report what it learns first-hand (a worker thread exiting, a node going down).
import type { ActorRef } from '../actors/index.js';
import type { ExecutorMessage } from '../executor/task-protocol.js';
import type { ExecutorHandle, ExecutorLoss } from './driver-protocol.js';

export interface ExecutorSourceEvents {
  added(ref: ActorRef<ExecutorMessage>): void;
  /** `executor` is the registration's executorId, or the executor's actor ref. */
  removed(executor: ExecutorHandle, loss: ExecutorLoss): void;
}

export interface ExecutorSource {
  /** Starts reporting; executors known already are reported as added at once. */
  start(events: ExecutorSourceEvents): void | Promise<void>;
  stop(): void | Promise<void>;
}

/** A fixed set of executors (local mode's worker threads) whose owner reports their exits. */
export interface FixedExecutors extends ExecutorSource {
  /** The executor is gone (its worker thread exited); `hostLost` defaults to false. */
  remove(executor: ExecutorHandle, loss?: Partial<ExecutorLoss>): void;
}

export function fixedExecutors(refs: readonly ActorRef<ExecutorMessage>[]): FixedExecutors {
  let events: ExecutorSourceEvents | undefined;
  const removedBeforeStart: { executor: ExecutorHandle; loss: ExecutorLoss }[] = [];
  return {
    start(e) {
      events = e;
      for (const ref of refs) e.added(ref);
      // An executor that died while the driver was starting was reported added above; now removed.
      for (const r of removedBeforeStart.splice(0)) e.removed(r.executor, r.loss);
    },
    stop() {
      events = undefined;
    },
    remove(executor, loss = {}) {
      const full: ExecutorLoss = { hostLost: loss.hostLost ?? false, reason: loss.reason ?? 'executor exited' };
      if (events === undefined) removedBeforeStart.push({ executor, loss: full });
      else events.removed(executor, full);
    },
  };
}
