// The driver scheduler actor: a thin shell that hands each message to the DriverScheduler and
// answers the asks. Executors send it StatusUpdates and ask it for map outputs and broadcasts; the
// Driver facade, the executor source and its own timers send the rest. Death watch reports executors
// that stop or whose node is lost.
import { assertNever } from '../../common/index.js';
import type { ActorContext, ActorRef, Behavior, Props } from '../actors/index.js';
import type { ExecutorMessage } from '../executor/task-protocol.js';
import { driverSchedulerProtocol, type DriverCommand } from './driver-protocol.js';
import type { DriverPort, DriverSchedulerDeps } from './driver-scheduler-deps.js';
import { DriverScheduler } from './driver-scheduler.js';

/**
 * A StatusUpdate dropped by a full mailbox would leave its task running forever, so the driver's
 * mailbox holds every update a very large stage can send at once.
 */
export const DRIVER_MAILBOX_CAPACITY = 1_000_000;

export function driverActorProps(deps: DriverSchedulerDeps): Props<DriverCommand> {
  return {
    protocol: driverSchedulerProtocol,
    create: () => driverBehavior(deps),
    mailbox: { capacity: DRIVER_MAILBOX_CAPACITY },
    // The scheduler's state is the application's: a failed message is logged and dropped, never reset.
    supervision: { kind: 'resume' },
  };
}

function portOf(ctx: ActorContext<DriverCommand>): DriverPort {
  return {
    self: ctx.self,
    tell: (ref, msg) => ctx.tell(ref, msg),
    tellSelf: (msg) => ctx.tell(ctx.self, msg),
    ask: (ref, msg, options) => ctx.ask(ref, msg, options),
    watch: (ref) => ctx.watch(ref),
    unwatch: (ref) => ctx.unwatch(ref),
  };
}

/** Answers the ask being handled with `f()`, or with the error it throws. */
function answer(ctx: ActorContext<DriverCommand>, f: () => unknown): void {
  let value: unknown;
  try {
    value = f();
  } catch (err) {
    ctx.replyError(err);
    return;
  }
  ctx.reply(value);
}

function driverBehavior(deps: DriverSchedulerDeps): Behavior<DriverCommand> {
  let scheduler: DriverScheduler | undefined;
  const of = (ctx: ActorContext<DriverCommand>): DriverScheduler => (scheduler ??= new DriverScheduler(deps, portOf(ctx)));
  return {
    onSignal(ctx, signal) {
      switch (signal.kind) {
        case 'PreStart':
          of(ctx);
          return;
        case 'PostStop':
        case 'PreRestart':
          scheduler?.stop('the driver stopped');
          return;
        case 'Terminated':
          of(ctx).executorGone(signal.ref as ActorRef<ExecutorMessage>, { hostLost: false, reason: 'the executor stopped or its node was lost' });
          return;
        default:
          assertNever(signal, 'signal');
      }
    },
    receive(ctx, msg) {
      const s = of(ctx);
      switch (msg.kind) {
        case 'StatusUpdate': return s.statusUpdate(msg);
        case 'GetMapOutputs': return answer(ctx, () => s.mapOutputs(msg.shuffleId, msg.startPartition, msg.endPartition));
        case 'GetBroadcast': return answer(ctx, () => s.broadcastBytes(msg.broadcastId));
        case 'BlockUpdated': return s.blockUpdated(msg.update);
        case 'SubmitJob': return s.submitJob(msg.jobId, msg.job);
        case 'CancelJob': return s.cancelJob(msg.jobId, msg.reason);
        case 'ExecutorOffered': return s.executorOffered(msg.ref);
        case 'ExecutorRegistered': return s.executorRegistered(msg.ref, msg.registration);
        case 'ExecutorRegistrationFailed': return s.executorRegistrationFailed(msg.ref, msg.reason);
        case 'ExecutorGone': return s.executorGone(msg.executor, msg.loss);
        case 'ResultFetched': return s.resultFetched(msg.taskId, msg.bytes);
        case 'ResultFetchFailed': return s.resultFetchFailed(msg.taskId, msg.error);
        case 'Tick': return s.onTick();
        case 'ResubmitTimer': return s.resubmitFailedStages();
        case 'BacklogTimer': return s.onBacklogTimer();
        case 'Unpersist': return answer(ctx, () => { s.unpersist(msg.rddId); return null; });
        case 'RemoveBroadcast': return s.removeBroadcast(msg.broadcastId);
        case 'StopApplication': return answer(ctx, () => { s.stop(msg.reason); return null; });
        default: return assertNever(msg, 'driver message');
      }
    },
  };
}
