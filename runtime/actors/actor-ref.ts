// An ActorRef is plain data: the node that hosts the actor and its path there. It can travel inside
// messages and means the same thing in every process. The type parameter is a compile-time tag only.

export interface ActorRef<M = unknown> {
  /** Id of the actor system (node, driver or executor) that hosts the actor. */
  readonly node: string;
  /** Slash-separated path inside that system, e.g. `user/master` or `system/watcher`. */
  readonly path: string;
  /** Phantom marker for the message protocol; never present at run time. */
  readonly __protocol?: (m: M) => void;
}

/**
 * A ref of any protocol. The phantom is contravariant, so `never` (not `unknown`) is the type every
 * `ActorRef<M>` is assignable to; an `ActorRef<unknown>` would accept any message.
 */
export type AnyRef = ActorRef<never>;

export function actorRef<M>(node: string, path: string): ActorRef<M> {
  return { node, path };
}

export function refKey(ref: AnyRef): string {
  return `${ref.node}/${ref.path}`;
}

export function sameRef(a: AnyRef, b: AnyRef): boolean {
  return a.node === b.node && a.path === b.path;
}

/** Parses `node/path…` back into a ref (inverse of refKey). */
export function parseRefKey(key: string): ActorRef<unknown> | undefined {
  const i = key.indexOf('/');
  if (i <= 0 || i === key.length - 1) return undefined;
  return { node: key.slice(0, i), path: key.slice(i + 1) };
}
