// A task's user functions, revived once per task attempt from the shipped functions its description
// carries: broadcasts they capture are fetched first (through the application's cache), accumulators
// resolve to this attempt's proxies. Lookup by FunctionRef fails clearly when a ref was not shipped.
import { EngineError, ErrorCode } from '../../common/index.js';
import type { TaskAccumulators } from '../rdd/accumulator-task.js';
import type { BroadcastCache } from '../rdd/broadcast-cache.js';
import { decodeCaptures, type HandleRef } from '../rdd/closure-captures.js';
import { compileShipped, type ReviveEnv, type RevivedFunction } from '../rdd/function-revive.js';
import type { ShippedFunction } from '../rdd/function-ship.js';
import { prepareTaskEnv } from '../rdd/function-task-env.js';
import type { FunctionRef } from '../rdd/lineage.js';

export interface UserFunction {
  readonly call: RevivedFunction;
  /** The function's name or first source line, for error messages. */
  readonly label: string;
}

export class UserFunctions {
  private readonly revived = new Map<string, UserFunction>();

  private constructor(private readonly shipped: Readonly<Record<string, ShippedFunction>>, private readonly env: ReviveEnv) {}

  /** Fetches the broadcasts the functions capture, then returns the table (functions revive on first use). */
  static async prepare(shipped: Readonly<Record<string, ShippedFunction>>, accumulators: TaskAccumulators,
    broadcasts: BroadcastCache): Promise<UserFunctions> {
    const env = await prepareTaskEnv(Object.values(shipped), { accumulators, broadcasts });
    return new UserFunctions(shipped, env);
  }

  get(ref: FunctionRef): UserFunction {
    const hit = this.revived.get(ref.id);
    if (hit) return hit;
    const shipped = Object.hasOwn(this.shipped, ref.id) ? this.shipped[ref.id] : undefined;
    if (!shipped) {
      throw new EngineError(ErrorCode.BadMessage, `the task names function ${ref.id}, which it did not ship`, { fields: { functionId: ref.id } });
    }
    const fn: UserFunction = { call: fastCaller(shipped, this.env), label: shipped.label };
    this.revived.set(ref.id, fn);
    return fn;
  }
}

/**
 * What reviveFunction builds — the operation's first `argCount` arguments, then the captures — but
 * without its per-call rest array and `length` write, which cost more than a typical map function.
 */
function fastCaller(shipped: ShippedFunction, env: ReviveEnv): RevivedFunction {
  const fn = compileShipped(shipped, env) as (...args: unknown[]) => unknown;
  const resolve = env.resolveHandle ?? ((ref: HandleRef) => {
    throw new EngineError(ErrorCode.Internal, `shipped ${shipped.label} captures ${ref.kind} ${ref.id}, but the task has no handle resolver`);
  });
  const c = decodeCaptures({ bytes: shipped.captures, handles: shipped.handles }, resolve);
  switch (shipped.argCount) {
    case 0: return () => fn(c);
    case 1: return (a) => fn(a, c);
    case 2: return (a, b) => fn(a, b, c);
    case 3: return (a, b, d) => fn(a, b, d, c);
    default: {
      const n = shipped.argCount;
      return (...args) => { args.length = n; return fn(...args, c); };
    }
  }
}
