// Time is an injected port: production uses the system clock, tests drive a ManualClock so that
// timeouts, heartbeats and backoff are tested without sleeping.

export interface TimerHandle { cancel(): void }

export interface Clock {
  /** Milliseconds since the epoch (wall clock, for records shown to people). */
  now(): number;
  /** Monotonic milliseconds, for durations and deadlines. */
  monotonic(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  setInterval(fn: () => void, ms: number): TimerHandle;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  },
  setInterval(fn, ms) {
    const t = setInterval(fn, ms);
    t.unref?.();
    return { cancel: () => clearInterval(t) };
  },
};

interface PendingTimer { at: number; seq: number; fn: () => void; every?: number; cancelled: boolean }

/** A clock that moves only when told to; timers fire in deadline order during `advance`. */
export class ManualClock implements Clock {
  private time: number;
  private seq = 0;
  private timers: PendingTimer[] = [];

  constructor(start = 0) { this.time = start; }

  now(): number { return this.time; }
  monotonic(): number { return this.time; }

  setTimeout(fn: () => void, ms: number): TimerHandle { return this.add(fn, ms); }
  setInterval(fn: () => void, ms: number): TimerHandle { return this.add(fn, ms, Math.max(1, ms)); }

  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      const next = this.nextDue(target);
      if (!next) break;
      this.time = next.at;
      if (next.every !== undefined) next.at += next.every;
      else next.cancelled = true;
      next.fn();
    }
    this.time = target;
    this.timers = this.timers.filter((t) => !t.cancelled);
  }

  /** Number of timers still pending (for assertions). */
  pending(): number { return this.timers.filter((t) => !t.cancelled).length; }

  private nextDue(limit: number): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const t of this.timers) {
      if (t.cancelled || t.at > limit) continue;
      if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
  }

  private add(fn: () => void, ms: number, every?: number): TimerHandle {
    const timer: PendingTimer = { at: this.time + Math.max(0, ms), seq: this.seq++, fn, every, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => { timer.cancelled = true; } };
  }
}
