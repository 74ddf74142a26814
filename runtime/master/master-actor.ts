// The elected Master's actor: a thin shell around the pure membership and autoscaler cores. It
// answers node registrations and status queries, feeds heartbeats and ticks to the cores, and for
// each membership event first writes the registry through the fenced store, then announces it with
// its epoch. Drivers' backlog reports drive the autoscaler, which starts and stops executors through
// an ExecutorProvider. A write refused as STALE_EPOCH means a newer leader exists: the actor stops
// acting (and scaling) and reports it. Only the leader runs this actor; a standby scales nothing.
import { assertNever, isEngineError, ErrorCode, type TimerHandle } from '../../common/index.js';
import type { ActorContext, Behavior, Props } from '../actors/index.js';
import { actorRef, defineProtocol, refKey } from '../actors/index.js';
import {
  CLUSTER_PROTOCOL_VERSION, NODE_AGENT_PATH,
  type Heartbeat, type MasterRequest, type MembershipEvent as Announcement, type NodeAgentMessage, type RegisterNodeAck,
} from '../cluster/cluster-protocol.js';
import { backlogReportProblem } from './app-allocation.js';
import { autoscalerInUse, autoscalerSettings, type AutoscalerSettings } from './autoscaler.js';
import { clusterStatus, executorStatus, nodeStatus } from './cluster-status.js';
import type { ExecutorProvider } from './executor-provider.js';
import type { FencedStore } from './fenced-store.js';
import { LocalProcessProvider } from './local-process-provider.js';
import { autoscalingShell, clusterView, nodeAgentPort, type AutoscalingOutcome, type AutoscalingShell } from './master-autoscaling.js';
import { stepMembership, type ExecutorInfo, type MembershipEvent, type MembershipInput, type MembershipState } from './membership.js';

export type MasterCommand =
  | MasterRequest
  | AutoscalingOutcome
  | { readonly kind: 'HeartbeatReceived'; readonly heartbeat: Heartbeat }
  | { readonly kind: 'Tick' };

export const masterProtocol = defineProtocol<MasterCommand>('master', CLUSTER_PROTOCOL_VERSION, {
  RegisterNode: true, NodeLeaving: true, GetClusterStatus: true, ReportBacklog: true, ApplicationEnded: true,
  HeartbeatReceived: true, Tick: true, ExecutorsLaunched: true, ExecutorLaunchFailed: true, ExecutorReleaseFailed: true,
});

/** Membership events after which the autoscaler must see the cluster again. */
const CLUSTER_CHANGES = new Set<MembershipEvent['kind']>(['NodeUp', 'NodeLost', 'NodeLeft', 'ExecutorAdded', 'ExecutorRemoved']);

export interface MasterDeps {
  readonly leaderId: string;
  readonly epoch: number;
  /** Membership restored from the stored registry at takeover (or empty for a new cluster). */
  readonly initial: MembershipState;
  readonly store: FencedStore;
  readonly heartbeatIntervalMs: number;
  /** How often liveness is judged (default: a quarter of the heartbeat interval). */
  readonly tickIntervalMs: number;
  /** Broadcasts a membership announcement stamped with this leader's epoch. */
  announce(event: Announcement): void;
  /** A fenced write was refused: a newer leader exists. The caller steps this Master down. */
  onStale(error: Error): void;
  /** Dynamic allocation settings of the Master (executor spec, timings); defaults when absent. */
  readonly autoscaler?: AutoscalerSettings;
  /** Where executors come from; default: processes started by node agents (LocalProcessProvider). */
  readonly executorProvider?: ExecutorProvider;
}

export function masterProps(deps: MasterDeps): Props<MasterCommand> {
  // A Master that fails restarts from the same initial view; the state it lost is rebuilt from heartbeats.
  return { protocol: masterProtocol, create: () => masterBehavior(deps), mailbox: { capacity: 10_000 } };
}

function masterBehavior(deps: MasterDeps): Behavior<MasterCommand> {
  let state = deps.initial;
  let stale = false;
  let ticker: TimerHandle | undefined;
  let scaler: AutoscalingShell | undefined;
  /** Set when membership changed in a way the autoscaler must see (fed once per message). */
  let clusterChanged = false;
  /** Applications whose bad report was logged (once each: drivers report every second). */
  const refusedApps = new Set<string>();
  const epoch = deps.epoch;

  const agentOf = (nodeId: string) => actorRef<NodeAgentMessage>(nodeId, NODE_AGENT_PATH);

  /** Applies one input; persists and announces what changed. Returns false once this leader is stale. */
  const apply = async (ctx: ActorContext<MasterCommand>, input: MembershipInput): Promise<boolean> => {
    const step = stepMembership(state, input);
    state = step.state;
    if (step.events.some((e) => CLUSTER_CHANGES.has(e.kind))) clusterChanged = true;
    for (const event of step.events) {
      if (!(await persist(ctx, event))) return false;
      announce(ctx, event);
    }
    return true;
  };

  const persist = async (ctx: ActorContext<MasterCommand>, event: MembershipEvent): Promise<boolean> => {
    try {
      switch (event.kind) {
        case 'NodeUp': case 'NodeLost': case 'NodeLeft': case 'NodeSuspected': case 'NodeRecovered': {
          const record = state.nodes.get(event.id);
          if (record) await deps.store.putNode(epoch, nodeStatus(record));
          return true;
        }
        case 'NodeForgotten':
          await deps.store.removeNode(epoch, event.id);
          return true;
        case 'ExecutorAdded': {
          const exec = state.executors.get(event.executorId);
          if (exec) await deps.store.putExecutor(epoch, executorStatus(exec));
          return true;
        }
        case 'ExecutorRemoved':
          await deps.store.removeExecutor(epoch, event.executorId);
          return true;
        case 'HeartbeatRejected': case 'ExecutorRejected':
          return true;
        default:
          return assertNever(event, 'membership event');
      }
    } catch (err) {
      if (isEngineError(err, ErrorCode.StaleEpoch)) {
        stale = true;
        ticker?.cancel();
        ctx.log.error({ err: (err as Error).message, epoch }, 'registry write refused: a newer master leads; stepping down');
        deps.onStale(err as Error);
        return false;
      }
      // Redis is a cache: the leader's memory is authoritative while its lease holds.
      ctx.log.warn({ err: (err as Error).message, event: event.kind }, 'registry write failed; continuing');
      return true;
    }
  };

  const announce = (ctx: ActorContext<MasterCommand>, event: MembershipEvent): void => {
    switch (event.kind) {
      case 'NodeUp':
        ctx.log.info({ nodeId: event.id, rejoined: event.rejoined }, 'node up');
        deps.announce({ kind: 'NodeUp', nodeId: event.id, epoch });
        return;
      case 'NodeLost':
        ctx.log.warn({ nodeId: event.id, silentForMs: event.silentForMs }, 'node lost');
        deps.announce({ kind: 'NodeLost', nodeId: event.id, epoch, reason: `no heartbeat for ${event.silentForMs} ms` });
        return;
      case 'NodeLeft':
        ctx.log.info({ nodeId: event.id }, 'node left');
        deps.announce({ kind: 'NodeLeft', nodeId: event.id, epoch });
        return;
      case 'HeartbeatRejected':
        // A node this leader does not know (joined under the previous leader, or came back after
        // being declared lost) is asked to register again.
        ctx.tell(agentOf(event.id), { kind: 'Reregister', epoch }, { epoch });
        return;
      case 'NodeSuspected':
        ctx.log.info({ nodeId: event.id, phi: event.phi }, 'node suspected');
        return;
      case 'NodeRecovered': case 'NodeForgotten': case 'ExecutorAdded': case 'ExecutorRejected': case 'ExecutorRemoved':
        return;
      default:
        assertNever(event, 'membership event');
    }
  };

  /** The node's heartbeat lists its running executors: register new ones, remove vanished ones. */
  const reconcileExecutors = async (ctx: ActorContext<MasterCommand>, nodeId: string, reported: readonly ExecutorInfo[], now: number): Promise<void> => {
    const node = state.nodes.get(nodeId);
    if (node?.state !== 'alive' && node?.state !== 'suspected') return;
    const ids = new Set<string>();
    for (const e of reported) {
      ids.add(e.id);
      if (!state.executors.has(e.id) && !(await apply(ctx, { kind: 'ExecutorRegistered', executor: { ...e, nodeId }, at: now }))) return;
    }
    const known = [...state.executors.values()].filter((e) => e.nodeId === nodeId && !ids.has(e.id));
    for (const e of known) {
      if (!(await apply(ctx, { kind: 'ExecutorRemoved', executorId: e.id, reason: 'no longer reported by its node' }))) return;
    }
  };

  return {
    onSignal(ctx, signal) {
      switch (signal.kind) {
        case 'PreStart': {
          ticker = ctx.clock.setInterval(() => ctx.tell(ctx.self, { kind: 'Tick' }), deps.tickIntervalMs);
          const self = ctx.self;
          const provider = deps.executorProvider ?? new LocalProcessProvider(nodeAgentPort(ctx, epoch, () => state), () => ctx.clock.now());
          scaler = autoscalingShell(deps.autoscaler ?? autoscalerSettings(), provider, (outcome) => ctx.tell(self, outcome));
          scaler.feed(ctx.log, clusterView(state, ctx.clock.now()));
          return;
        }
        case 'PostStop': case 'PreRestart':
          ticker?.cancel();
          return;
        case 'Terminated':
          return;
        default:
          assertNever(signal, 'signal');
      }
    },
    async receive(ctx, msg) {
      if (stale) {
        if (msg.kind === 'RegisterNode' || msg.kind === 'GetClusterStatus' || msg.kind === 'NodeLeaving') {
          ctx.replyError(new Error(`master ${deps.leaderId} (epoch ${epoch}) is no longer the leader`));
        }
        return;
      }
      await handle(ctx, msg);
      if (clusterChanged && !stale) {
        clusterChanged = false;
        scaler?.feed(ctx.log, clusterView(state, ctx.clock.now()));
      }
    },
  };

  /** Handles one message of a leading (not stale) Master. */
  async function handle(ctx: ActorContext<MasterCommand>, msg: MasterCommand): Promise<void> {
    const now = ctx.clock.now();
    switch (msg.kind) {
      case 'RegisterNode': {
        const ok = await apply(ctx, {
          kind: 'NodeJoined', at: now,
          node: { id: msg.nodeId, host: msg.resources.host, cores: msg.resources.cores, memoryBytes: msg.resources.memoryBytes, address: refKey(msg.agent) },
        });
        if (!ok) { ctx.replyError(new Error(`master ${deps.leaderId} (epoch ${epoch}) is no longer the leader`)); return; }
        const ack: RegisterNodeAck = { epoch, leader: deps.leaderId, heartbeatIntervalMs: deps.heartbeatIntervalMs };
        ctx.reply(ack);
        return;
      }
      case 'NodeLeaving':
        await apply(ctx, { kind: 'NodeLeft', id: msg.nodeId, at: now });
        ctx.reply({ ok: true });
        return;
      case 'GetClusterStatus': {
        const autoscaler = scaler?.status();
        ctx.reply({ ...clusterStatus(state, { id: deps.leaderId, epoch }), ...(autoscaler && autoscalerInUse(autoscaler) ? { autoscaler } : {}) });
        return;
      }
      case 'ReportBacklog': {
        const problem = backlogReportProblem(msg);
        if (problem) {
          const appId = typeof msg.appId === 'string' ? msg.appId : '?';
          if (!refusedApps.has(appId)) ctx.log.warn({ appId, problem }, 'autoscaler: refused a backlog report');
          refusedApps.add(appId);
          return;
        }
        refusedApps.delete(msg.appId);
        scaler?.feed(ctx.log, { kind: 'BacklogReported', appId: msg.appId, sample: msg, at: now });
        return;
      }
      case 'ApplicationEnded':
        if (typeof msg.appId === 'string') scaler?.feed(ctx.log, { kind: 'ApplicationEnded', appId: msg.appId, at: now });
        return;
      case 'ExecutorsLaunched':
        scaler?.feed(ctx.log, { kind: 'ExecutorsLaunched', requested: msg.requested, executorIds: msg.executorIds, at: now });
        return;
      case 'ExecutorLaunchFailed':
        ctx.log.warn({ requested: msg.requested, reason: msg.reason }, 'autoscaler: executors could not be launched');
        scaler?.feed(ctx.log, { kind: 'ExecutorLaunchFailed', requested: msg.requested, at: now });
        return;
      case 'ExecutorReleaseFailed':
        ctx.log.warn({ executorId: msg.executorId, reason: msg.reason }, 'autoscaler: an executor could not be released');
        scaler?.feed(ctx.log, { kind: 'ExecutorReleaseFailed', executorId: msg.executorId, at: now });
        return;
      case 'HeartbeatReceived': {
        const id = msg.heartbeat.nodeId;
        if (!(await apply(ctx, { kind: 'Heartbeat', id, at: now }))) return;
        await reconcileExecutors(ctx, id, msg.heartbeat.executors ?? [], now);
        return;
      }
      case 'Tick':
        if (!(await apply(ctx, { kind: 'Tick', now }))) return;
        scaler?.feed(ctx.log, { kind: 'Tick', now });
        return;
      default:
        assertNever(msg, 'master message');
    }
  }
}
