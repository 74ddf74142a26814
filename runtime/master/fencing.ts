// Epoch fencing: every control message and every Master write carries the sender's fencing epoch;
// anything older than the newest epoch seen is refused with STALE_EPOCH, so a deposed leader or a
// zombie executor can never act after its successor has.
import { EngineError, ErrorCode } from '../../common/index.js';

/** The STALE_EPOCH error: `epoch` was presented, `current` is the newest known. */
export function staleEpochError(epoch: number, current: number, where?: string): EngineError {
  const at = where ? ` at ${where}` : '';
  return new EngineError(ErrorCode.StaleEpoch, `stale fencing epoch ${epoch}${at}: current epoch is ${current}`, {
    fields: { epoch, current, ...(where ? { where } : {}) },
  });
}

/**
 * Remembers the highest epoch seen. `check` refuses older epochs and accepts equal or newer ones,
 * raising the high-water mark: once a newer leader has been heard, the older one is refused forever.
 */
export class EpochGuard {
  private highest: number;

  constructor(initial = 0, private readonly where?: string) {
    this.highest = initial;
  }

  /** The highest epoch accepted so far. */
  get current(): number {
    return this.highest;
  }

  /** Throws STALE_EPOCH when `epoch` is below the high-water mark; otherwise accepts and raises it. */
  check(epoch: number): void {
    if (!Number.isSafeInteger(epoch) || epoch < 0) {
      throw new EngineError(ErrorCode.InvalidArgument, `fencing epoch must be a non-negative integer, got ${epoch}`, { fields: { epoch } });
    }
    if (epoch < this.highest) throw staleEpochError(epoch, this.highest, this.where);
    this.highest = epoch;
  }

  /** True when `check(epoch)` would accept; changes nothing. */
  accepts(epoch: number): boolean {
    return Number.isSafeInteger(epoch) && epoch >= this.highest;
  }
}
