// A whole cluster for end-to-end tests: its own nats-server and redis-server on free ports,
// Master candidates and nodes as real `node runtime` processes, and an in-process client (an
// actor system on its own NATS connection) that asks the Master for status and hosts watchers.
import { silentLogger } from '../../common/index.js';
import {
  ActorSystem, listenToMembership, masterProtocol, masterRef, NatsTransport,
  type ClusterStatus, type MasterRequest, type MembershipListener,
} from '../../runtime/index.js';
import { startFlintProcess, type FlintProcess } from './flint-process.js';
import { startNatsServer, type NatsServer } from './nats-server.js';
import { startRedisServer, type RedisServer } from './redis-server.js';
import { waitFor } from './free-port.js';

export interface TestClusterOptions {
  readonly masters?: number;
  readonly nodes?: number;
  /** Extra flags for every process (e.g. a shorter heartbeat timeout). */
  readonly args?: readonly string[];
}

export interface TestCluster {
  readonly nats: NatsServer;
  readonly redis: RedisServer;
  readonly masters: FlintProcess[];
  readonly nodes: FlintProcess[];
  readonly client: ActorSystem;
  readonly membership: MembershipListener;
  startMaster(name: string): FlintProcess;
  startNode(id: string, extraArgs?: readonly string[]): FlintProcess;
  /** The elected Master's view; rejects when no Master answers within `timeoutMs`. */
  status(timeoutMs?: number): Promise<ClusterStatus>;
  /** Polls status until `check` holds. */
  waitForStatus(what: string, check: (s: ClusterStatus) => boolean, timeoutMs?: number): Promise<ClusterStatus>;
  stop(): Promise<void>;
}

export async function startTestCluster(options: TestClusterOptions = {}): Promise<TestCluster> {
  const nats = await startNatsServer();
  const redis = await startRedisServer();
  const common = ['--master', nats.url, ...(options.args ?? [])];
  const masters: FlintProcess[] = [];
  const nodes: FlintProcess[] = [];
  const startMaster = (name: string): FlintProcess => {
    const p = startFlintProcess(['--role', 'master', '--redis', redis.url, '--node-id', name, ...common], { name });
    masters.push(p);
    return p;
  };
  const startNode = (id: string, extraArgs: readonly string[] = []): FlintProcess => {
    const p = startFlintProcess(['--node-id', id, '--cores', '2', '--memory', '1g', ...common, ...extraArgs], { name: id });
    nodes.push(p);
    return p;
  };
  // The client reconnects forever, like a node, so it survives broker restarts in tests.
  const transport = await NatsTransport.connect({ servers: nats.url, cluster: 'flint', name: 'test-client' });
  const client = new ActorSystem({ nodeId: 'test-client', transport, logger: silentLogger() });
  client.registerProtocol(masterProtocol);
  const membership = listenToMembership(transport, client, silentLogger());

  const status = (timeoutMs = 2000) => client.ask<MasterRequest, ClusterStatus>(masterRef, { kind: 'GetClusterStatus' }, { timeoutMs });
  const cluster: TestCluster = {
    nats, redis, masters, nodes, client, membership, startMaster, startNode, status,
    async waitForStatus(what, check, timeoutMs = 20_000) {
      let last: ClusterStatus | undefined;
      await waitFor(what, async () => {
        last = await status(1000);
        return check(last);
      }, timeoutMs, 100).catch((err: Error) => {
        throw new Error(`${err.message}; last status: ${JSON.stringify(last)}\n${[...masters, ...nodes].map((p) => `--- ${p.name}\n${p.tail(8)}`).join('\n')}`);
      });
      return last!;
    },
    async stop() {
      membership.stop();
      await client.terminate();
      await transport.close();
      await Promise.all([...masters, ...nodes].map((p) => p.kill('SIGKILL')));
      await nats.stop();
      await redis.stop();
    },
  };
  for (let i = 0; i < (options.masters ?? 1); i++) startMaster(`master-${i + 1}`);
  for (let i = 0; i < (options.nodes ?? 3); i++) startNode(`n${i + 1}`);
  return cluster;
}

/** Nodes in `state` by id, sorted. */
export function nodesIn(status: ClusterStatus, state: string): string[] {
  return status.nodes.filter((n) => n.state === state).map((n) => n.id).sort();
}
