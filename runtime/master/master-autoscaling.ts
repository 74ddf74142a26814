// The Master actor's autoscaling shell: feeds the pure autoscaler, logs its decisions, and carries
// out its commands through an ExecutorProvider without blocking the mailbox (outcomes come back to
// the actor as messages). Also the port through which the local-process provider asks node agents.
import { assertNever, type Logger } from '../../common/index.js';
import type { ActorContext } from '../actors/index.js';
import { actorRef } from '../actors/index.js';
import { NODE_AGENT_PATH, type LaunchExecutorsReply, type NodeAgentMessage } from '../cluster/cluster-protocol.js';
import {
  autoscalerStatus, initialAutoscaler, stepAutoscaler,
  type AutoscalerInput, type AutoscalerSettings, type AutoscalerState, type AutoscalerStatus,
} from './autoscaler.js';
import type { ExecutorProvider } from './executor-provider.js';
import type { NodeAgentPort } from './local-process-provider.js';
import type { MembershipState } from './membership.js';

/** Outcomes of provider calls, sent by the shell to its actor. */
export type AutoscalingOutcome =
  | { readonly kind: 'ExecutorsLaunched'; readonly requested: number; readonly executorIds: readonly string[] }
  | { readonly kind: 'ExecutorLaunchFailed'; readonly requested: number; readonly reason: string }
  | { readonly kind: 'ExecutorReleaseFailed'; readonly executorId: string; readonly reason: string };

/** How long the Master waits for a node agent to start or stop executors. */
const AGENT_ASK_TIMEOUT_MS = 10_000;

const live = (state: MembershipState) => [...state.nodes.values()].filter((n) => n.state === 'alive' || n.state === 'suspected');

/** The cluster as the autoscaler needs it: executors of live nodes and the cores of live nodes. */
export function clusterView(state: MembershipState, at: number): AutoscalerInput {
  const nodes = live(state);
  const liveIds = new Set(nodes.map((n) => n.info.id));
  const executors = [...state.executors.values()]
    .filter((e) => liveIds.has(e.nodeId))
    .map((e) => ({ id: e.id, nodeId: e.nodeId, ...(e.launchedBy ? { launchedBy: e.launchedBy } : {}) }));
  return { kind: 'ExecutorsChanged', executors, clusterCores: nodes.reduce((sum, n) => sum + n.info.cores, 0), at };
}

/** Node agents reached by asks stamped with this leader's epoch. */
export function nodeAgentPort<M extends { kind: string }>(ctx: ActorContext<M>, epoch: number, membership: () => MembershipState): NodeAgentPort {
  const agentOf = (nodeId: string) => actorRef<NodeAgentMessage>(nodeId, NODE_AGENT_PATH);
  return {
    nodes: () => {
      const state = membership();
      const byNode = new Map<string, string[]>(live(state).map((n) => [n.info.id, []]));
      for (const e of state.executors.values()) byNode.get(e.nodeId)?.push(e.id);
      return [...byNode].map(([id, executorIds]) => ({ id, executorIds }));
    },
    nodeOf: (executorId) => membership().executors.get(executorId)?.nodeId,
    launchOn: async (nodeId, count, spec) => {
      const reply = await ctx.ask<NodeAgentMessage, LaunchExecutorsReply>(agentOf(nodeId), {
        kind: 'LaunchExecutors', epoch, count, cores: spec.cores, memoryBytes: spec.memoryBytes,
      }, { timeoutMs: AGENT_ASK_TIMEOUT_MS, epoch });
      return reply.executorIds;
    },
    stopOn: async (nodeId, executorId) => {
      await ctx.ask(agentOf(nodeId), { kind: 'StopExecutor', epoch, executorId }, { timeoutMs: AGENT_ASK_TIMEOUT_MS, epoch });
    },
  };
}

export interface AutoscalingShell {
  /** Applies one input; logs decisions; starts the provider calls the core asks for. */
  feed(log: Logger, input: AutoscalerInput): void;
  status(): AutoscalerStatus;
}

/**
 * `notify` delivers a provider call's outcome back to the actor's mailbox (it must not touch the
 * shell directly: the actor feeds it on its own turn).
 */
export function autoscalingShell(settings: AutoscalerSettings, provider: ExecutorProvider, notify: (outcome: AutoscalingOutcome) => void): AutoscalingShell {
  let state: AutoscalerState = initialAutoscaler(settings);
  return {
    status: () => autoscalerStatus(state),
    feed(log, input) {
      const step = stepAutoscaler(state, input);
      state = step.state;
      for (const e of step.events) {
        switch (e.kind) {
          case 'ApplicationRegistered': log.info({ appId: e.appId, enabled: e.enabled, target: e.target }, 'autoscaler: application reporting'); break;
          case 'ApplicationRemoved': log.info({ appId: e.appId, reason: e.reason }, 'autoscaler: application gone'); break;
          case 'TargetChanged': log.info({ ...e, kind: undefined }, 'autoscaler: executor target changed'); break;
          case 'LaunchGivenUp': log.warn({ executorId: e.executorId, afterMs: e.afterMs }, 'autoscaler: a launched executor never registered'); break;
          default: assertNever(e, 'autoscaler event');
        }
      }
      for (const c of step.commands) {
        switch (c.kind) {
          case 'LaunchExecutors':
            log.info({ count: c.count, wanted: c.wanted, have: c.have, cores: c.spec.cores, memoryBytes: c.spec.memoryBytes }, 'autoscaler: launching executors');
            provider.launch(c.count, c.spec).then(
              (executorIds) => notify({ kind: 'ExecutorsLaunched', requested: c.count, executorIds }),
              (err: Error) => notify({ kind: 'ExecutorLaunchFailed', requested: c.count, reason: err.message }),
            );
            break;
          case 'ReleaseExecutor':
            log.info({ executorId: c.executorId, nodeId: c.nodeId, idleForMs: c.idleForMs, wanted: c.wanted, have: c.have }, 'autoscaler: releasing an idle executor');
            provider.release(c.executorId).catch(
              (err: Error) => notify({ kind: 'ExecutorReleaseFailed', executorId: c.executorId, reason: err.message }),
            );
            break;
          default: assertNever(c, 'autoscaler command');
        }
      }
    },
  };
}
