// Death watch bookkeeping for one system: who watches each local actor (local or remote watchers)
// and what each local actor watches (local or remote targets). A watcher gets at most one
// Terminated per target: the watch entry is removed before the signal is delivered.
import type { Clock, Logger } from '../../common/index.js';
import type { AnyRef } from './actor-ref.js';
import { refKey } from './actor-ref.js';
import { SystemType, plainRef, type SystemMessage } from './system-messages.js';

/** Outcome of asking a remote system to watch one of its actors. */
export type RemoteWatchResult = 'watching' | 'gone' | 'unreachable';

/** What death watch needs from its system. */
export interface DeathWatchHost {
  readonly nodeId: string;
  readonly clock: Clock;
  readonly log: Logger;
  /** True when the local actor at `ref` exists and is not stopping. */
  isAlive(ref: AnyRef): boolean;
  /** Queues the Terminated signal for a local watcher. */
  signalTerminated(watcher: AnyRef, target: AnyRef): void;
  /** Fire-and-forget system message to a remote actor address; errors are swallowed. */
  sendSystem(to: AnyRef, msg: SystemMessage): void;
  /** Asks the system hosting `target` to watch it on behalf of `watcher`. */
  requestWatch(target: AnyRef, watcher: AnyRef): Promise<RemoteWatchResult>;
}

type RefMap = Map<string, AnyRef>;

function add(index: Map<string, RefMap>, key: string, ref: AnyRef): boolean {
  let m = index.get(key);
  if (!m) index.set(key, (m = new Map()));
  const k = refKey(ref);
  if (m.has(k)) return false;
  m.set(k, plainRef(ref));
  return true;
}

function remove(index: Map<string, RefMap>, key: string, ref: AnyRef): boolean {
  const m = index.get(key);
  if (!m) return false;
  const removed = m.delete(refKey(ref));
  if (m.size === 0) index.delete(key);
  return removed;
}

export class DeathWatch {
  /** Local target → its watchers (local or remote). */
  private readonly watchersOf = new Map<string, RefMap>();
  /** Local watcher → its targets (local or remote). */
  private readonly watching = new Map<string, RefMap>();

  constructor(private readonly host: DeathWatchHost, private readonly retryMs = 1000) {}

  /** `watcher` (local) starts watching `target`; idempotent. */
  watch(watcher: AnyRef, target: AnyRef): void {
    if (!add(this.watching, refKey(watcher), target)) return;
    if (target.node === this.host.nodeId) {
      if (this.host.isAlive(target)) add(this.watchersOf, refKey(target), watcher);
      else this.terminated(watcher, target);
      return;
    }
    this.watchRemote(watcher, target);
  }

  unwatch(watcher: AnyRef, target: AnyRef): void {
    if (!remove(this.watching, refKey(watcher), target)) return;
    if (target.node === this.host.nodeId) remove(this.watchersOf, refKey(target), watcher);
    else this.host.sendSystem(target, { kind: SystemType.Unwatch, watcher: plainRef(watcher) });
  }

  /** A watcher on another node registered interest in local `target` (which is alive). */
  addRemoteWatcher(target: AnyRef, watcher: AnyRef): void {
    add(this.watchersOf, refKey(target), watcher);
  }

  removeRemoteWatcher(target: AnyRef, watcher: AnyRef): void {
    remove(this.watchersOf, refKey(target), watcher);
  }

  /** `target` is gone as seen by local `watcher`: deliver Terminated once if still watching. */
  terminated(watcher: AnyRef, target: AnyRef): void {
    if (!remove(this.watching, refKey(watcher), target)) return;
    this.host.signalTerminated(watcher, target);
  }

  /** Local actor `ref` stopped: notify its watchers and drop its own watches. */
  stopped(ref: AnyRef): void {
    const key = refKey(ref);
    const watchers = this.watchersOf.get(key);
    this.watchersOf.delete(key);
    for (const w of watchers?.values() ?? []) {
      if (w.node === this.host.nodeId) this.terminated(w, ref);
      else this.host.sendSystem(w, { kind: SystemType.Terminated, ref: plainRef(ref) });
    }
    const targets = this.watching.get(key);
    this.watching.delete(key);
    for (const t of targets?.values() ?? []) {
      if (t.node === this.host.nodeId) remove(this.watchersOf, refKey(t), ref);
      else this.host.sendSystem(t, { kind: SystemType.Unwatch, watcher: plainRef(ref) });
    }
  }

  /** Every actor on `node` is gone: Terminated for each watched ref there; forget its watchers. */
  nodeLost(node: string): void {
    for (const [wKey, targets] of [...this.watching]) {
      const watcher = this.localRef(wKey);
      for (const t of [...targets.values()]) if (t.node === node) this.terminated(watcher, t);
    }
    for (const [tKey, watchers] of [...this.watchersOf]) {
      for (const [k, w] of [...watchers]) if (w.node === node) watchers.delete(k);
      if (watchers.size === 0) this.watchersOf.delete(tKey);
    }
  }

  /** Number of watch relations (for metrics and tests). */
  get size(): number {
    let n = 0;
    for (const m of this.watching.values()) n += m.size;
    return n;
  }

  /** Watchers are always local, so their key is `<nodeId>/<path>`. */
  private localRef(localKey: string): AnyRef {
    const node = this.host.nodeId;
    return { node, path: localKey.slice(node.length + 1) };
  }

  private isWatching(watcher: AnyRef, target: AnyRef): boolean {
    return this.watching.get(refKey(watcher))?.has(refKey(target)) ?? false;
  }

  private watchRemote(watcher: AnyRef, target: AnyRef): void {
    this.host.requestWatch(target, watcher).then((result) => {
      if (!this.isWatching(watcher, target)) return;
      if (result === 'gone') this.terminated(watcher, target);
      else if (result === 'unreachable') {
        // An unreachable node is downed by membership (nodeLost); until then keep trying.
        this.host.log.debug({ watcher: refKey(watcher), target: refKey(target) }, 'remote watch unanswered; retrying');
        this.host.clock.setTimeout(() => {
          if (this.isWatching(watcher, target)) this.watchRemote(watcher, target);
        }, this.retryMs);
      }
    }, (err: unknown) => this.host.log.warn({ err, target: refKey(target) }, 'remote watch failed'));
  }
}
