// Registering the application with one executor: RegisterApplication is idempotent on the executor,
// so it is simply asked again after a timeout or error, a few times, before the executor is given up.
import { EngineError, ErrorCode, type Clock } from '../../common/index.js';
import type { ActorRef, AskOptions } from '../actors/index.js';
import type { DriverMessage, ExecutorMessage, ExecutorRegistration } from '../executor/task-protocol.js';

export interface RegistrationPolicy {
  readonly attempts: number;
  readonly timeoutMs: number;
  readonly retryDelayMs: number;
}

export const DEFAULT_REGISTRATION: RegistrationPolicy = { attempts: 3, timeoutMs: 10_000, retryDelayMs: 500 };

type Ask = (ref: ActorRef<ExecutorMessage>, msg: ExecutorMessage, options: AskOptions) => Promise<unknown>;

/** Asks `executor` to serve `appId`; resolves with its registration or rejects after the last attempt. */
export async function registerApplication(
  ask: Ask, clock: Clock, executor: ActorRef<ExecutorMessage>, appId: string, driver: ActorRef<DriverMessage>,
  policy: RegistrationPolicy = DEFAULT_REGISTRATION,
): Promise<ExecutorRegistration> {
  let last: unknown;
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    try {
      return checkRegistration(await ask(executor, { kind: 'RegisterApplication', appId, driver }, { timeoutMs: policy.timeoutMs }), executor);
    } catch (err) {
      last = err;
      if (attempt < policy.attempts) await new Promise<void>((resolve) => clock.setTimeout(resolve, policy.retryDelayMs));
    }
  }
  throw last;
}

function checkRegistration(value: unknown, executor: ActorRef<ExecutorMessage>): ExecutorRegistration {
  const r = value as Partial<ExecutorRegistration> | null;
  const ok = r !== null && typeof r === 'object' && typeof r.executorId === 'string' && typeof r.nodeId === 'string'
    && typeof r.cores === 'number' && r.cores > 0 && typeof r.memoryBytes === 'number'
    && typeof r.blocks === 'object' && r.blocks !== null && r.blocks.secret instanceof Uint8Array && typeof r.blocks.id === 'object';
  if (!ok) {
    throw new EngineError(ErrorCode.BadMessage, `executor ${executor.node}/${executor.path} answered RegisterApplication with a malformed registration`, {
      fields: { executor: `${executor.node}/${executor.path}` },
    });
  }
  return r as ExecutorRegistration;
}
