// The sender's view of how many messages the peer has received per side, fed by the peer's
// Progress reports. Waits end when a count is reached or when no report came for `stallMs`
// (core NATS is at most once: a lost message must end a trial, not hang it).
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { ControlSubject, decodeJson, type Progress, type Side } from './bench-protocol.js';

interface Waiter {
  readonly side: Side;
  readonly atLeast: number;
  readonly resolve: (reached: boolean) => void;
  timer: NodeJS.Timeout;
  readonly stallMs: number;
}

export class ProgressBoard {
  private readonly latest: Record<Side, number> = { raw: 0, actor: 0 };
  private readonly trial: Record<Side, number> = { raw: -1, actor: -1 };
  private readonly waiters = new Set<Waiter>();
  private readonly sub: Subscription;

  constructor(control: NatsConnection) {
    this.sub = control.subscribe(ControlSubject.progress, {
      callback: (_err, m) => { if (m) this.update(decodeJson<Progress>(m.data)); },
    });
  }

  /** Starts counting `trial` of `side` from zero (reports of other trials are ignored). */
  reset(side: Side, trial: number): void {
    this.latest[side] = 0;
    this.trial[side] = trial;
  }

  received(side: Side): number {
    return this.latest[side];
  }

  /** True once the peer reported at least `atLeast`; false if no report of `side` came for `stallMs`. */
  waitFor(side: Side, atLeast: number, stallMs: number): Promise<boolean> {
    if (this.latest[side] >= atLeast) return Promise.resolve(true);
    return new Promise((resolve) => {
      const w: Waiter = { side, atLeast, resolve, stallMs, timer: setTimeout(() => this.settle(w, false), stallMs) };
      this.waiters.add(w);
    });
  }

  close(): void {
    for (const w of this.waiters) this.settle(w, false);
    this.sub.unsubscribe();
  }

  private update(p: Progress): void {
    // Reports of an earlier trial can arrive late; counts only grow within a trial.
    if (p.trial !== this.trial[p.side] || p.received < this.latest[p.side]) return;
    this.latest[p.side] = p.received;
    for (const w of this.waiters) {
      if (w.side !== p.side) continue;
      if (p.received >= w.atLeast) this.settle(w, true);
      else w.timer.refresh(); // progress: restart the stall clock
    }
  }

  private settle(w: Waiter, reached: boolean): void {
    if (!this.waiters.delete(w)) return;
    clearTimeout(w.timer);
    w.resolve(reached);
  }
}
