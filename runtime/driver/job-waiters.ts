// The callers waiting on runJob: one promise per job id, settled exactly once by the scheduler
// actor (results or a typed error) or, when the driver stops, failed with JOB_CANCELLED.
import { EngineError, ErrorCode } from '../../common/index.js';

interface Waiter {
  readonly resolve: (results: unknown[]) => void;
  readonly reject: (error: EngineError) => void;
}

export class JobWaiters {
  private readonly waiting = new Map<number, Waiter>();

  /** Registers a job; the returned promise settles when `succeed` or `fail` is called for it. */
  wait(jobId: number): Promise<unknown[]> {
    return new Promise<unknown[]>((resolve, reject) => this.waiting.set(jobId, { resolve, reject }));
  }

  has(jobId: number): boolean {
    return this.waiting.has(jobId);
  }

  succeed(jobId: number, results: unknown[]): void {
    const w = this.waiting.get(jobId);
    this.waiting.delete(jobId);
    w?.resolve(results);
  }

  fail(jobId: number, error: EngineError): void {
    const w = this.waiting.get(jobId);
    this.waiting.delete(jobId);
    w?.reject(error);
  }

  /** Fails every job still waiting (the driver stopped under them). */
  failAll(reason: string): void {
    for (const jobId of [...this.waiting.keys()]) {
      this.fail(jobId, new EngineError(ErrorCode.JobCancelled, `Job ${jobId} cancelled because ${reason}`, { fields: { jobId } }));
    }
  }
}
