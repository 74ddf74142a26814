// The executors registered with this application: registration, actor ref and running tasks, so
// the scheduler can offer free cores (cores − running × spark.task.cpus). The node of every executor
// ever registered is remembered, since outputs of a lost executor are still looked up by node.
import { refKey, type ActorRef } from '../actors/index.js';
import type { ExecutorMessage, ExecutorRegistration } from '../executor/task-protocol.js';
import type { WorkerOffer } from '../scheduler/index.js';
import type { ExecutorHandle } from './driver-protocol.js';

export interface ExecutorEntry {
  readonly ref: ActorRef<ExecutorMessage>;
  readonly registration: ExecutorRegistration;
  running: number;
}

export class ExecutorTable {
  private readonly byId = new Map<string, ExecutorEntry>();
  private readonly byRef = new Map<string, string>();
  private readonly nodes = new Map<string, string>();

  add(ref: ActorRef<ExecutorMessage>, registration: ExecutorRegistration): ExecutorEntry {
    const entry: ExecutorEntry = { ref, registration, running: 0 };
    this.byId.set(registration.executorId, entry);
    this.byRef.set(refKey(ref), registration.executorId);
    this.nodes.set(registration.executorId, registration.nodeId);
    return entry;
  }

  remove(executorId: string): ExecutorEntry | undefined {
    const entry = this.byId.get(executorId);
    if (entry === undefined) return undefined;
    this.byId.delete(executorId);
    this.byRef.delete(refKey(entry.ref));
    return entry;
  }

  get(executorId: string): ExecutorEntry | undefined {
    return this.byId.get(executorId);
  }

  /** The registered executor an id or ref names. */
  find(handle: ExecutorHandle): ExecutorEntry | undefined {
    if (typeof handle === 'string') return this.byId.get(handle);
    const id = this.byRef.get(refKey(handle));
    return id === undefined ? undefined : this.byId.get(id);
  }

  hasRef(ref: ActorRef<ExecutorMessage>): boolean {
    return this.byRef.has(refKey(ref));
  }

  /** Node of a registered or formerly registered executor. */
  nodeOf(executorId: string): string | undefined {
    return this.nodes.get(executorId);
  }

  entries(): ExecutorEntry[] {
    return [...this.byId.values()];
  }

  registrations(): ExecutorRegistration[] {
    return this.entries().map((e) => e.registration);
  }

  /** Offers of every executor with at least `taskCpus` cores free. */
  offers(taskCpus: number): WorkerOffer[] {
    const out: WorkerOffer[] = [];
    for (const e of this.byId.values()) {
      const freeCores = e.registration.cores - e.running * taskCpus;
      if (freeCores >= taskCpus) out.push({ executorId: e.registration.executorId, host: e.registration.nodeId, freeCores });
    }
    return out;
  }
}
