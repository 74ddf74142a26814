// NodeAgent: one per node. Registers with the elected Master, publishes heartbeats every interval,
// registers again whenever a new leader announces itself, and starts or stops executors when the
// leader's autoscaler asks (refusing a deposed leader by epoch). It never blocks its mailbox on the
// Master: registration is an ask whose outcome comes back as a message to itself.
import { assertNever, type TimerHandle } from '../../common/index.js';
import type { ActorContext, ActorRef, Behavior, Props } from '../actors/index.js';
import { defineProtocol } from '../actors/index.js';
import {
  CLUSTER_PROTOCOL_VERSION, type Heartbeat, type LaunchExecutorsReply, type MasterRequest, type NodeAgentMessage, type RegisterNodeAck,
} from '../cluster/cluster-protocol.js';
import { staleEpochError, type ExecutorInfo, type ExecutorSpec } from '../master/index.js';
import type { LoadSample, NodeResources } from './resources.js';

/** The agent's whole protocol: the Master's commands plus its own timer and ask outcomes. */
export type NodeAgentCommand =
  | NodeAgentMessage
  | { readonly kind: 'LeaderAnnounced'; readonly leader: string; readonly epoch: number }
  | { readonly kind: 'HeartbeatTick' }
  | { readonly kind: 'RegisterTick' }
  | { readonly kind: 'Registered'; readonly ack: RegisterNodeAck }
  | { readonly kind: 'RegisterFailed'; readonly reason: string }
  /** An executor process of this node is listening on its actor address (asked; the reply acknowledges). */
  | { readonly kind: 'ExecutorReady'; readonly executorId: string; readonly pid: number };

export const nodeAgentProtocol = defineProtocol<NodeAgentCommand>('node-agent', CLUSTER_PROTOCOL_VERSION, {
  Reregister: true, Shutdown: true, LaunchExecutors: true, StopExecutor: true, LeaderAnnounced: true, HeartbeatTick: true, RegisterTick: true, Registered: true, RegisterFailed: true, ExecutorReady: true,
});

export interface NodeAgentDeps {
  readonly nodeId: string;
  readonly resources: NodeResources;
  readonly master: ActorRef<MasterRequest>;
  readonly heartbeatIntervalMs: number;
  /** How long one registration attempt waits for the Master; retried after `registerRetryMs`. */
  readonly registerTimeoutMs: number;
  readonly registerRetryMs: number;
  readonly startedAt: number;
  publishHeartbeat(hb: Heartbeat): void;
  sampleLoad(): LoadSample;
  executors(): readonly ExecutorInfo[];
  /** Called when the Master orders this node to shut down. */
  onShutdown(reason: string): void;
  /** Called when one of this node's executor processes reports it is ready. */
  onExecutorReady?(executorId: string, pid: number): void;
  /** Called each time registration succeeds (for logs and tests). */
  onRegistered?(ack: RegisterNodeAck): void;
  /** Starts `count` autoscaled executors; returns their ids. Absent: this node cannot start executors. */
  launchExecutors?(count: number, spec: ExecutorSpec): readonly string[];
  /** Starts stopping one executor (resolves when it has exited). */
  stopExecutor?(executorId: string): Promise<void>;
}

export function nodeAgentProps(deps: NodeAgentDeps): Props<NodeAgentCommand> {
  return { protocol: nodeAgentProtocol, create: () => nodeAgentBehavior(deps), supervision: { kind: 'restart', maxRestarts: 100, withinMs: 60_000 } };
}

function nodeAgentBehavior(deps: NodeAgentDeps): Behavior<NodeAgentCommand> {
  let seq = 0;
  /** Epoch of the leader we are registered with; 0 while unregistered. */
  let registeredEpoch = 0;
  /** Highest leader epoch announced; registration with an older leader is not enough. */
  let knownEpoch = 0;
  let registering = false;
  let heartbeats: TimerHandle | undefined;
  let retry: TimerHandle | undefined;

  const register = (ctx: ActorContext<NodeAgentCommand>): void => {
    if (registering) return;
    registering = true;
    const self = ctx.self;
    ctx
      .ask<MasterRequest, RegisterNodeAck>(deps.master, {
        kind: 'RegisterNode', nodeId: deps.nodeId, agent: self, resources: deps.resources, startedAt: deps.startedAt,
      }, { timeoutMs: deps.registerTimeoutMs })
      .then(
        (ack) => ctx.tell(self, { kind: 'Registered', ack }),
        (err: Error) => ctx.tell(self, { kind: 'RegisterFailed', reason: err.message }),
      );
  };

  const scheduleRetry = (ctx: ActorContext<NodeAgentCommand>): void => {
    retry?.cancel();
    retry = ctx.clock.setTimeout(() => ctx.tell(ctx.self, { kind: 'RegisterTick' }), deps.registerRetryMs);
  };

  return {
    onSignal(ctx, signal) {
      switch (signal.kind) {
        case 'PreStart':
          heartbeats = ctx.clock.setInterval(() => ctx.tell(ctx.self, { kind: 'HeartbeatTick' }), deps.heartbeatIntervalMs);
          ctx.tell(ctx.self, { kind: 'HeartbeatTick' });
          ctx.tell(ctx.self, { kind: 'RegisterTick' });
          return;
        case 'PostStop':
        case 'PreRestart':
          heartbeats?.cancel();
          retry?.cancel();
          return;
        case 'Terminated':
          return;
        default:
          assertNever(signal, 'signal');
      }
    },
    receive(ctx, msg) {
      switch (msg.kind) {
        case 'HeartbeatTick':
          deps.publishHeartbeat({
            kind: 'Heartbeat', nodeId: deps.nodeId, seq: ++seq, sentAt: ctx.clock.now(),
            resources: deps.resources, load: deps.sampleLoad(), executors: deps.executors(),
          });
          return;
        case 'RegisterTick':
          if (registeredEpoch === 0 || registeredEpoch < knownEpoch) register(ctx);
          return;
        case 'Registered':
          registering = false;
          if (msg.ack.epoch < knownEpoch) {
            // A stale leader answered (it has not noticed its lease is gone): try the new one again.
            scheduleRetry(ctx);
            return;
          }
          registeredEpoch = msg.ack.epoch;
          knownEpoch = msg.ack.epoch;
          ctx.log.info({ leader: msg.ack.leader, epoch: msg.ack.epoch }, 'registered with master');
          deps.onRegistered?.(msg.ack);
          return;
        case 'RegisterFailed':
          registering = false;
          ctx.log.debug({ reason: msg.reason }, 'registration failed; retrying');
          scheduleRetry(ctx);
          return;
        case 'LeaderAnnounced':
        case 'Reregister':
          if (msg.epoch <= registeredEpoch) return;
          knownEpoch = Math.max(knownEpoch, msg.epoch);
          ctx.log.info({ epoch: msg.epoch }, 'new master epoch; registering again');
          register(ctx);
          return;
        case 'ExecutorReady':
          deps.onExecutorReady?.(msg.executorId, msg.pid);
          ctx.reply({ ok: true });
          return;
        case 'Shutdown':
          ctx.log.warn({ reason: msg.reason }, 'master ordered shutdown');
          deps.onShutdown(msg.reason);
          return;
        case 'LaunchExecutors': {
          if (msg.epoch < knownEpoch) { ctx.replyError(staleEpochError(msg.epoch, knownEpoch, `node ${deps.nodeId}`)); return; }
          if (!deps.launchExecutors) { ctx.replyError(new Error(`node ${deps.nodeId} cannot start executors`)); return; }
          const executorIds = deps.launchExecutors(msg.count, { cores: msg.cores, memoryBytes: msg.memoryBytes });
          ctx.log.info({ executorIds, cores: msg.cores, memoryBytes: msg.memoryBytes, epoch: msg.epoch }, 'starting executors for the autoscaler');
          ctx.reply({ executorIds } satisfies LaunchExecutorsReply);
          return;
        }
        case 'StopExecutor': {
          if (msg.epoch < knownEpoch) { ctx.replyError(staleEpochError(msg.epoch, knownEpoch, `node ${deps.nodeId}`)); return; }
          ctx.log.info({ executorId: msg.executorId, epoch: msg.epoch }, 'stopping an executor for the autoscaler');
          // Reply once the stop is under way: a graceful exit can outlast the Master's ask timeout,
          // and the heartbeat stops listing the executor at once.
          const log = ctx.log;
          deps.stopExecutor?.(msg.executorId).catch((err: Error) => log.warn({ err: err.message, executorId: msg.executorId }, 'executor did not stop cleanly'));
          ctx.reply({ ok: true });
          return;
        }
        default:
          assertNever(msg, 'node agent message');
      }
    },
  };
}
