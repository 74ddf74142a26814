// The executor's preparation of a task's user functions: fetch the broadcast values they capture
// (through the per-executor cache) before the task runs, then resolve each captured handle to its
// proxy — accumulators to this task attempt's, broadcasts to the fetched value.

import { EngineError, ErrorCode } from '../../common/index.js';
import type { HandleRef } from './closure-captures.js';
import type { TaskAccumulators } from './accumulator-task.js';
import { BroadcastProxy, type BroadcastCache } from './broadcast-cache.js';
import type { FunctionCache } from './function-cache.js';
import type { ReviveEnv } from './function-revive.js';
import type { ShippedFunction } from './function-ship.js';

/** What one task attempt needs to revive its functions. */
export interface TaskClosureDeps {
  /** This attempt's accumulators; its updates() go into the task result. */
  readonly accumulators: TaskAccumulators;
  /** The executor's broadcast cache. */
  readonly broadcasts: BroadcastCache;
  /** Module bindings of the loaded job bundle. */
  readonly globals?: Readonly<Record<string, unknown>>;
  readonly cache?: FunctionCache;
}

/** Fetches every broadcast `functions` capture and returns the env to revive them with. */
export async function prepareTaskEnv(functions: readonly ShippedFunction[], deps: TaskClosureDeps): Promise<ReviveEnv> {
  const ids = new Set<number>();
  for (const f of functions) for (const h of f.handles) if (h.ref.kind === 'broadcast') ids.add(h.ref.id);
  const values = new Map<number, unknown>();
  await Promise.all([...ids].map(async (id) => { values.set(id, await deps.broadcasts.get(id)); }));
  const resolveHandle = (ref: HandleRef): unknown => {
    switch (ref.kind) {
      case 'accumulator': return deps.accumulators.proxy(ref);
      case 'broadcast':
        if (!values.has(ref.id)) {
          throw new EngineError(ErrorCode.Internal, `broadcast ${ref.id} was not prepared for this task`);
        }
        return new BroadcastProxy(ref.id, values.get(ref.id));
    }
  };
  return { resolveHandle, ...(deps.globals ? { globals: deps.globals } : {}), ...(deps.cache ? { cache: deps.cache } : {}) };
}
