// The block transfer port: a node serves its BlockManager's blocks to peers and fetches theirs.
// Two implementations: a direct TCP socket per node (socket-block-transfer.ts, the benchmark winner)
// and chunked request/reply over the NATS transport (nats-block-transfer.ts). Both fail a fetch with
// BLOCK_NOT_FOUND (not retryable) when the peer lacks the block, and with BLOCK_FETCH_FAILED
// (retryable: the scheduler re-runs the producing stage) after retries when the peer is unreachable.
import { EngineError, ErrorCode, systemClock, type Clock } from '../../common/index.js';
import type { BlockManagerId } from './block-status.js';

/** Local bytes of a block, or undefined (BlockManager.getLocal). */
export type BlockSource = (blockId: string) => Promise<Uint8Array | undefined>;

export interface BlockTransferService {
  readonly kind: 'socket' | 'nats';
  /** The socket port peers connect to (goes into this node's BlockManagerId); 0 over NATS. */
  readonly port: number;
  /** The block's bytes from the block manager `from` (its `node` over NATS, `host:port` over the socket). */
  fetchBlock(from: BlockManagerId, blockId: string): Promise<Uint8Array>;
  /** Stops serving and closes connections; fetches in flight fail with BLOCK_FETCH_FAILED. */
  close(): Promise<void>;
}

export interface RetryPolicy {
  /** Retries after the first attempt (spark.shuffle.io.maxRetries). */
  readonly maxRetries: number;
  /** Wait between attempts (spark.shuffle.io.retryWait). */
  readonly retryWaitMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 3, retryWaitMs: 500 };

/**
 * Resolves after `ms` on `clock`. On the system clock the timer keeps the process alive (its timers
 * are unref'd): a fetch waiting to retry is work in progress.
 */
export function sleep(clock: Clock, ms: number): Promise<void> {
  if (clock === systemClock) return new Promise((resolve) => setTimeout(resolve, ms));
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}

/** True for failures another attempt may cure: anything but a non-retryable EngineError. */
export function isRetryable(err: unknown): boolean {
  return !(err instanceof EngineError) || err.retryable;
}

/**
 * Runs `attempt` until it succeeds, a non-retryable error occurs (thrown as is), or the retries are
 * spent (then BLOCK_FETCH_FAILED, retryable, with the last error as cause).
 */
export async function withRetries<T>(
  what: { readonly blockId: string; readonly from: string }, policy: RetryPolicy, clock: Clock,
  attempt: (n: number) => Promise<T>,
): Promise<T> {
  let last: unknown;
  for (let n = 0; n <= policy.maxRetries; n++) {
    if (n > 0) await sleep(clock, policy.retryWaitMs);
    try {
      return await attempt(n);
    } catch (err) {
      if (!isRetryable(err)) throw err;
      last = err;
    }
  }
  throw fetchFailed(what.blockId, what.from, `after ${policy.maxRetries + 1} attempts`, last);
}

export function fetchFailed(blockId: string, from: string, why: string, cause?: unknown): EngineError {
  const detail = cause instanceof Error ? `: ${cause.message}` : '';
  return new EngineError(ErrorCode.BlockFetchFailed, `fetching block ${blockId} from ${from} failed ${why}${detail}`, {
    retryable: true, fields: { blockId, from }, cause,
  });
}

export function blockNotFound(blockId: string, where: string): EngineError {
  return new EngineError(ErrorCode.BlockNotFound, `block ${blockId} is not stored on ${where}`, { fields: { blockId, where } });
}


/**
 * A buffer of `size` bytes that owns its ArrayBuffer (never a slice of Node's pool, so it may be
 * transferred to a worker) and is not zero-filled: fetches overwrite every byte before handing it out.
 */
export function uninitialized(size: number): Uint8Array {
  const b = Buffer.allocUnsafeSlow(size);
  return new Uint8Array(b.buffer, b.byteOffset, size);
}
