// Master leadership by a Redis lease (`SET leader <id> NX PX ttl`) carrying a fencing epoch. The
// epoch is granted atomically with a lease-ownership check, never below the durable high-water
// mark + 1, and recorded durably before the term starts. States:
//   Standby → Acquiring (won SET NX) → Leader (epoch granted and recorded) → Standby (lost);  any → Stopped.
// A leader steps down when a renewal says the key is no longer its own, or when no renewal has
// succeeded for a TTL (minus clock drift): it never acts past the point where a standby may win.
import type { Redis } from 'ioredis';
import { EngineError, ErrorCode, silentLogger, systemClock, type Clock, type Logger, type TimerHandle } from '../../common/index.js';
import type { EpochStore } from './durable-epoch.js';
import { masterRedisKeys, type MasterRedisKeys } from './master-keys.js';

/** Grants the next epoch iff KEYS[1] still holds ARGV[1]: max(INCR epoch, ARGV[2] floor). */
const GRANT_EPOCH = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return false end
local e = redis.call('INCR', KEYS[2])
local floor = tonumber(ARGV[2])
if e < floor then redis.call('SET', KEYS[2], floor); e = floor end
return e`;

/** Compare-and-pexpire; with ARGV[3] also requires the epoch to be unchanged. */
const RENEW = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[3] ~= '' and redis.call('GET', KEYS[2]) ~= ARGV[3] then return 0 end
return redis.call('PEXPIRE', KEYS[1], ARGV[2])`;

/** Compare-and-delete. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export type LeaseLostReason =
  /** A renewal found the key gone or held by someone else (expired, flushed, taken over). */
  | 'not-owner'
  /** No renewal succeeded for a TTL: Redis unreachable or too slow. */
  | 'expired';

export interface LeaderLeaseOptions {
  /** ioredis client with an `error` listener attached (see `createRedisClient`); owned by the caller. */
  readonly redis: Redis;
  /** Durable epoch high-water mark (JetStreamEpochStore). */
  readonly epochs: EpochStore;
  readonly cluster: string;
  /** Unique per process (e.g. `newId('master')`): the lease value and the compare in renew/release. */
  readonly candidateId: string;
  readonly ttlMs?: number;
  readonly renewIntervalMs?: number;
  /** How often a standby tries to acquire (default ttl / 3). */
  readonly pollIntervalMs?: number;
  /** Safety margin subtracted from each term's validity (default 1 % of ttl + 2 ms, as Redlock). */
  readonly clockDriftMs?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

type Phase = 'stopped' | 'standby' | 'acquiring' | 'leader';

/** One candidate for Master leadership. */
export class LeaderLease {
  readonly candidateId: string;
  readonly ttlMs: number;
  readonly renewIntervalMs: number;
  readonly pollIntervalMs: number;
  private readonly keys: MasterRedisKeys;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly driftMs: number;
  private phase: Phase = 'stopped';
  private term: number | undefined;
  private validUntil = -Infinity;
  private pollTimer: TimerHandle | undefined;
  private renewTimer: TimerHandle | undefined;
  private expiryTimer: TimerHandle | undefined;
  private acquiring = false;
  private renewing = false;
  private readonly electedListeners = new Set<(epoch: number) => void>();
  private readonly lostListeners = new Set<(reason: LeaseLostReason) => void>();

  constructor(private readonly options: LeaderLeaseOptions) {
    this.candidateId = options.candidateId;
    this.ttlMs = options.ttlMs ?? 3000;
    this.renewIntervalMs = options.renewIntervalMs ?? 1000;
    this.pollIntervalMs = options.pollIntervalMs ?? Math.max(1, Math.floor(this.ttlMs / 3));
    this.driftMs = options.clockDriftMs ?? Math.floor(this.ttlMs * 0.01) + 2;
    if (!(this.renewIntervalMs > 0 && this.renewIntervalMs < this.ttlMs - this.driftMs)) {
      throw new EngineError(ErrorCode.Config, `lease renew interval ${this.renewIntervalMs} ms must be below the ttl ${this.ttlMs} ms`, {
        fields: { ttlMs: this.ttlMs, renewIntervalMs: this.renewIntervalMs },
      });
    }
    this.keys = masterRedisKeys(options.cluster);
    this.clock = options.clock ?? systemClock;
    this.logger = (options.logger ?? silentLogger()).child({ component: 'leader-lease', candidate: this.candidateId });
  }

  /** Calls `listener(epoch)` each time this candidate becomes leader. Returns an unsubscribe. */
  onElected(listener: (epoch: number) => void): () => void {
    this.electedListeners.add(listener);
    return () => this.electedListeners.delete(listener);
  }

  /** Calls `listener(reason)` each time this candidate stops being leader involuntarily. */
  onLost(listener: (reason: LeaseLostReason) => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  /** True while this candidate holds an unexpired lease with a granted epoch. */
  isLeader(): boolean {
    return this.phase === 'leader' && this.clock.monotonic() < this.validUntil;
  }

  /** The fencing epoch of the current term, or undefined when not leader. */
  epoch(): number | undefined {
    return this.isLeader() ? this.term : undefined;
  }

  /** Starts competing: tries now, then every `pollIntervalMs` while standby. */
  start(): void {
    if (this.phase !== 'stopped') return;
    this.phase = 'standby';
    this.pollTimer = this.clock.setInterval(() => void this.tryAcquire(), this.pollIntervalMs);
    void this.tryAcquire();
  }

  /** Stops competing; releases the key if it is still ours (compare-and-delete). */
  async stop(): Promise<void> {
    if (this.phase === 'stopped') return;
    const held = this.phase === 'leader' || this.phase === 'acquiring';
    this.phase = 'stopped';
    this.term = undefined;
    this.validUntil = -Infinity;
    this.pollTimer?.cancel();
    this.pollTimer = undefined;
    this.cancelTermTimers();
    if (held) await this.release();
  }

  private async tryAcquire(): Promise<void> {
    if (this.phase !== 'standby' || this.acquiring) return;
    this.acquiring = true;
    try {
      const sentAt = this.clock.monotonic();
      const won = await this.command(this.options.redis.set(this.keys.leader, this.candidateId, 'PX', this.ttlMs, 'NX'));
      if (won !== 'OK') return;
      if (this.phase !== 'standby') {
        if (this.phase === 'stopped') await this.release(); // stopped while the SET was in flight
        return;
      }
      this.phase = 'acquiring';
      this.extendUntil(sentAt);
      this.renewTimer = this.clock.setInterval(() => void this.renew(), this.renewIntervalMs);
      const epoch = await this.grantEpoch();
      if (epoch === undefined || !(await this.renew()) || this.phase !== 'acquiring') {
        if (this.phase === 'acquiring') await this.abandon();
        return;
      }
      this.phase = 'leader';
      this.term = epoch;
      this.logger.info({ epoch }, 'elected master');
      for (const l of this.electedListeners) this.safely(() => l(epoch));
    } catch (err) {
      this.logger.debug({ err: (err as Error).message }, 'lease acquisition failed');
      if (this.phase === 'acquiring') await this.abandon();
    } finally {
      this.acquiring = false;
    }
  }

  /**
   * Grants max(Redis INCR, durable + 1) while still owning the key, then records it durably with
   * a revision check. A conflicting durable write means another grant raced ours: read again and
   * retry; the ownership check inside the grant stops a candidate whose lease has passed on.
   */
  private async grantEpoch(): Promise<number | undefined> {
    for (let attempt = 0; attempt < 5 && this.phase === 'acquiring'; attempt++) {
      const stored = await this.options.epochs.read();
      const granted = await this.command(this.options.redis.eval(
        GRANT_EPOCH, 2, this.keys.leader, this.keys.epoch, this.candidateId, String(stored.epoch + 1),
      ));
      if (granted === null) return undefined;
      const epoch = Number(granted);
      if (await this.options.epochs.write(epoch, stored.revision)) return epoch;
      this.logger.warn({ epoch, stored: stored.epoch }, 'durable epoch changed during the grant; retrying');
    }
    return undefined;
  }

  /** One compare-and-pexpire; true when the lease was extended. */
  private async renew(): Promise<boolean> {
    if (this.phase !== 'leader' && this.phase !== 'acquiring') return false;
    if (this.clock.monotonic() >= this.validUntil) {
      this.lose('expired');
      return false;
    }
    if (this.renewing) return this.clock.monotonic() < this.validUntil;
    this.renewing = true;
    const phase = this.phase;
    try {
      const sentAt = this.clock.monotonic();
      const expectEpoch = phase === 'leader' && this.term !== undefined ? String(this.term) : '';
      const result = await this.command(this.options.redis.eval(
        RENEW, 2, this.keys.leader, this.keys.epoch, this.candidateId, String(this.ttlMs), expectEpoch,
      ));
      if (this.phase !== phase) return false;
      if (Number(result) === 1) {
        this.extendUntil(sentAt);
        return true;
      }
      this.lose('not-owner');
      return false;
    } catch (err) {
      // Keep trying until the expiry timer decides: a short Redis hiccup must not depose the leader.
      this.logger.warn({ err: (err as Error).message }, 'lease renewal failed');
      return false;
    } finally {
      this.renewing = false;
    }
  }

  /** The lease is valid until `sentAt + ttl - drift`, measured from when the command was sent. */
  private extendUntil(sentAt: number): void {
    this.validUntil = Math.max(this.validUntil, sentAt + this.ttlMs - this.driftMs);
    this.armExpiry();
  }

  /** Fires `lose('expired')` at validUntil; timers may fire a little early, so re-arm until then. */
  private armExpiry(): void {
    this.expiryTimer?.cancel();
    this.expiryTimer = this.clock.setTimeout(() => {
      if (this.phase !== 'leader' && this.phase !== 'acquiring') return;
      if (this.clock.monotonic() >= this.validUntil) this.lose('expired');
      else this.armExpiry();
    }, Math.max(1, Math.ceil(this.validUntil - this.clock.monotonic())));
  }

  private lose(reason: LeaseLostReason): void {
    if (this.phase !== 'leader' && this.phase !== 'acquiring') return;
    const wasLeader = this.phase === 'leader';
    const epoch = this.term;
    this.phase = 'standby';
    this.term = undefined;
    this.validUntil = -Infinity;
    this.cancelTermTimers();
    if (!wasLeader) return;
    this.logger.warn({ epoch, reason }, 'lost master lease');
    for (const l of this.lostListeners) this.safely(() => l(reason));
  }

  /** Gives up a lease won without a granted epoch, so another candidate can try at once. */
  private async abandon(): Promise<void> {
    this.phase = 'standby';
    this.validUntil = -Infinity;
    this.cancelTermTimers();
    await this.release();
  }

  private async release(): Promise<void> {
    try {
      await this.command(this.options.redis.eval(RELEASE, 1, this.keys.leader, this.candidateId));
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'lease release failed; it will expire');
    }
  }

  private cancelTermTimers(): void {
    this.renewTimer?.cancel();
    this.renewTimer = undefined;
    this.expiryTimer?.cancel();
    this.expiryTimer = undefined;
  }

  /** Bounds a Redis command by the renew interval, whatever the client's own retry settings. */
  private command<T>(p: Promise<T>): Promise<T> {
    p.catch(() => undefined); // a late rejection after the timeout must not be unhandled
    return new Promise<T>((resolve, reject) => {
      const timer = this.clock.setTimeout(
        () => reject(new EngineError(ErrorCode.ConnectionFailed, 'redis command timed out', { retryable: true })),
        this.renewIntervalMs,
      );
      p.then((v) => { timer.cancel(); resolve(v); }, (err: unknown) => { timer.cancel(); reject(err); });
    });
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.logger.error({ err: (err as Error).message }, 'lease listener threw');
    }
  }
}
