// Spark's unified memory model for one executor process. The unified region is
// (executor memory - reserved) * spark.memory.fraction, shared by execution (task buffers: shuffle
// sorts, aggregations) and storage (cached blocks). Either side may borrow the other's free memory;
// execution may also take memory back from storage by evicting cached blocks, but only down to
// storageRegion = unified * spark.memory.storageFraction, which storage keeps. Storage never evicts
// execution memory. In Node, block bytes are ArrayBuffers outside the V8 heap: the budget counts them
// against the process's memory (RSS), not --max-old-space-size. Pure accounting: no I/O, no clock.

export interface MemoryLimits {
  /** Bytes of the unified region. */
  readonly maxMemory: number;
  /** Bytes of the unified region that storage keeps when execution asks for more. */
  readonly storageRegion: number;
}

/** Limits from Spark's settings: unified = (executorMemory - reserved) * fraction. */
export function memoryLimits(executorMemory: number, reserved: number, fraction: number, storageFraction: number): MemoryLimits {
  const usable = Math.max(0, executorMemory - reserved);
  const maxMemory = Math.floor(usable * fraction);
  return { maxMemory, storageRegion: Math.floor(maxMemory * storageFraction) };
}

/** Frees at least `bytes` of storage memory by evicting blocks; returns the bytes actually freed. */
export type StorageEvictor = (bytes: number) => number;

export class UnifiedMemoryManager {
  readonly limits: MemoryLimits;
  private storageUsed = 0;
  private executionUsed = 0;
  private readonly executionByTask = new Map<number, number>();
  /** Set by the memory store: evicts cached blocks so execution can take their memory back. */
  private evictor: StorageEvictor = () => 0;

  constructor(limits: MemoryLimits) {
    this.limits = limits;
  }

  get storageMemoryUsed(): number { return this.storageUsed; }
  get executionMemoryUsed(): number { return this.executionUsed; }
  get freeMemory(): number { return this.limits.maxMemory - this.storageUsed - this.executionUsed; }
  /** Most storage can hold now: everything execution does not use. */
  get maxStorageMemory(): number { return this.limits.maxMemory - this.executionUsed; }

  setStorageEvictor(evictor: StorageEvictor): void {
    this.evictor = evictor;
  }

  /** Takes `bytes` for storage if they fit without evicting; the caller evicts blocks first if not. */
  tryAcquireStorage(bytes: number): boolean {
    if (bytes > this.freeMemory) return false;
    this.storageUsed += bytes;
    return true;
  }

  releaseStorage(bytes: number): void {
    this.storageUsed = Math.max(0, this.storageUsed - bytes);
  }

  /**
   * Grants up to `bytes` of execution memory to `taskId`: free memory first, then memory that storage
   * borrowed beyond its region (evicting blocks). Returns the bytes granted (possibly fewer).
   */
  acquireExecution(taskId: number, bytes: number): number {
    if (bytes > this.freeMemory) {
      const reclaimable = Math.max(0, this.storageUsed - this.limits.storageRegion);
      const wanted = Math.min(reclaimable, bytes - this.freeMemory);
      if (wanted > 0) this.evictor(wanted);
    }
    const granted = Math.max(0, Math.min(bytes, this.freeMemory));
    this.executionUsed += granted;
    this.executionByTask.set(taskId, (this.executionByTask.get(taskId) ?? 0) + granted);
    return granted;
  }

  releaseExecution(taskId: number, bytes: number): void {
    const held = this.executionByTask.get(taskId) ?? 0;
    const released = Math.min(held, bytes);
    this.executionUsed -= released;
    if (held - released === 0) this.executionByTask.delete(taskId);
    else this.executionByTask.set(taskId, held - released);
  }

  /** Releases everything `taskId` holds (at task end, success or failure); returns the bytes freed. */
  releaseAllExecution(taskId: number): number {
    const held = this.executionByTask.get(taskId) ?? 0;
    this.executionUsed -= held;
    this.executionByTask.delete(taskId);
    return held;
  }
}
