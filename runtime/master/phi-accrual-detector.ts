// Phi accrual failure detector (Hayashibara et al. 2004), as Akka implements it: phi is the
// suspicion level, -log10 of the probability that a heartbeat arrives later than now, estimated
// from a sliding window of inter-arrival times. Pure: time is passed in; state is immutable data.

/** Settings of one detector; every duration is in milliseconds. */
export interface PhiAccrualSettings {
  /** Phi at or above which the monitored resource is considered unavailable (Akka: 8). */
  readonly threshold: number;
  /** Inter-arrival samples kept (sliding window). */
  readonly maxSampleSize: number;
  /** Floor for the standard deviation, so a very regular sender is not suspected at once. */
  readonly minStdDeviationMs: number;
  /** Extra pause tolerated before suspicion rises (GC, network hiccups): added to the mean. */
  readonly acceptableHeartbeatPauseMs: number;
  /** Expected interval before any sample exists; seeds the window with mean ± mean/4. */
  readonly firstHeartbeatEstimateMs: number;
}

export const defaultPhiAccrualSettings: PhiAccrualSettings = {
  threshold: 8,
  maxSampleSize: 200,
  minStdDeviationMs: 100,
  acceptableHeartbeatPauseMs: 0,
  firstHeartbeatEstimateMs: 1000,
};

/** The detector's state as plain immutable data (so pure state cores can embed it). */
export interface PhiState {
  /** Time of the last heartbeat; undefined until the first one. */
  readonly lastHeartbeatMs: number | undefined;
  /** Inter-arrival intervals, oldest first, at most `maxSampleSize`. */
  readonly intervals: readonly number[];
  readonly intervalSum: number;
  readonly squaredIntervalSum: number;
}

export const emptyPhiState: PhiState = { lastHeartbeatMs: undefined, intervals: [], intervalSum: 0, squaredIntervalSum: 0 };

/** Completes partial settings with the defaults and validates them. */
export function phiAccrualSettings(partial: Partial<PhiAccrualSettings> = {}): PhiAccrualSettings {
  const s = { ...defaultPhiAccrualSettings, ...partial };
  if (!(s.threshold > 0)) throw new RangeError('phi threshold must be > 0');
  if (!(s.maxSampleSize >= 1)) throw new RangeError('maxSampleSize must be >= 1');
  if (!(s.minStdDeviationMs > 0)) throw new RangeError('minStdDeviationMs must be > 0');
  if (!(s.acceptableHeartbeatPauseMs >= 0)) throw new RangeError('acceptableHeartbeatPauseMs must be >= 0');
  if (!(s.firstHeartbeatEstimateMs > 0)) throw new RangeError('firstHeartbeatEstimateMs must be > 0');
  return s;
}

function addInterval(state: PhiState, interval: number, maxSampleSize: number): PhiState {
  let intervals = [...state.intervals, interval];
  let sum = state.intervalSum + interval;
  let squared = state.squaredIntervalSum + interval * interval;
  while (intervals.length > maxSampleSize) {
    const dropped = intervals[0];
    intervals = intervals.slice(1);
    sum -= dropped;
    squared -= dropped * dropped;
  }
  return { ...state, intervals, intervalSum: sum, squaredIntervalSum: squared };
}

/** Mean of the recorded intervals (ms); 0 when empty. */
export function phiMean(state: PhiState): number {
  return state.intervals.length === 0 ? 0 : state.intervalSum / state.intervals.length;
}

/** Population standard deviation of the recorded intervals (ms). */
export function phiStdDeviation(state: PhiState): number {
  const n = state.intervals.length;
  if (n === 0) return 0;
  const mean = state.intervalSum / n;
  return Math.sqrt(Math.max(0, state.squaredIntervalSum / n - mean * mean));
}

/**
 * Phi of a delay `timeDiff` given the distribution's mean and standard deviation, with the
 * logistic approximation of the normal CDF that Akka uses (error < 0.01 %): P(X > t) ≈ e/(1+e).
 */
export function phiOf(timeDiffMs: number, meanMs: number, stdDeviationMs: number): number {
  const y = (timeDiffMs - meanMs) / stdDeviationMs;
  const e = Math.exp(-y * (1.5976 + 0.070566 * y * y));
  // The two branches are the same formula written to stay precise on each side of the mean.
  return timeDiffMs > meanMs ? -Math.log10(e / (1 + e)) : -Math.log10(1 - 1 / (1 + e));
}

/** Suspicion level at `nowMs`; 0 before the first heartbeat (unmanaged resources count as healthy). */
export function phiAt(state: PhiState, settings: PhiAccrualSettings, nowMs: number): number {
  if (state.lastHeartbeatMs === undefined) return 0;
  const timeDiff = Math.max(0, nowMs - state.lastHeartbeatMs);
  const std = Math.max(phiStdDeviation(state), settings.minStdDeviationMs);
  return phiOf(timeDiff, phiMean(state) + settings.acceptableHeartbeatPauseMs, std);
}

/** True while phi at `nowMs` is below the threshold. */
export function isAvailableAt(state: PhiState, settings: PhiAccrualSettings, nowMs: number): boolean {
  return phiAt(state, settings, nowMs) < settings.threshold;
}

/**
 * Records a heartbeat at `nowMs`. The first one seeds the window from `firstHeartbeatEstimateMs`;
 * the first one after a failure (phi over the threshold) is not sampled, since that long pause
 * would skew the statistics (Akka does the same).
 */
export function recordHeartbeat(state: PhiState, settings: PhiAccrualSettings, nowMs: number): PhiState {
  if (state.lastHeartbeatMs === undefined) {
    const mean = settings.firstHeartbeatEstimateMs;
    const std = mean / 4;
    const seeded = addInterval(addInterval(state, mean - std, settings.maxSampleSize), mean + std, settings.maxSampleSize);
    return { ...seeded, lastHeartbeatMs: nowMs };
  }
  const interval = Math.max(0, nowMs - state.lastHeartbeatMs);
  const sampled = isAvailableAt(state, settings, nowMs) ? addInterval(state, interval, settings.maxSampleSize) : state;
  return { ...sampled, lastHeartbeatMs: Math.max(nowMs, state.lastHeartbeatMs) };
}

/** A mutable holder over the pure functions above, for callers that watch a single resource. */
export class PhiAccrualDetector {
  readonly settings: PhiAccrualSettings;
  private current: PhiState = emptyPhiState;

  constructor(settings: Partial<PhiAccrualSettings> = {}) {
    this.settings = phiAccrualSettings(settings);
  }

  /** Records a heartbeat received at `nowMs`. */
  heartbeat(nowMs: number): void {
    this.current = recordHeartbeat(this.current, this.settings, nowMs);
  }

  /** Suspicion level at `nowMs` (0 before the first heartbeat). */
  phi(nowMs: number): number {
    return phiAt(this.current, this.settings, nowMs);
  }

  /** True while phi is below the threshold. */
  isAvailable(nowMs: number): boolean {
    return isAvailableAt(this.current, this.settings, nowMs);
  }

  /** True once a heartbeat has been recorded. */
  isMonitoring(): boolean {
    return this.current.lastHeartbeatMs !== undefined;
  }

  /** The state as immutable data (for snapshots and tests). */
  state(): PhiState {
    return this.current;
  }
}
