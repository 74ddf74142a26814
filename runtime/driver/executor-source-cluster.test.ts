// The cluster executor source against a real actor playing the Master: executors appear and vanish
// between polls; a vanished executor on a node that is down is reported with hostLost.
import t from 'tap';
import { refKey, type AnyRef, type Protocol } from '../actors/index.js';
import { settle, testCluster } from '../actors/test-kit.fixture.js';
import { CLUSTER_PROTOCOL_VERSION, masterRequestKinds, type ClusterStatus, type MasterRequest } from '../cluster/cluster-protocol.js';
import type { NodeStatus, ExecutorStatus } from '../master/index.js';
import { clusterExecutors } from './executor-source-cluster.js';
import type { ExecutorLoss } from './driver-protocol.js';

const masterProtocol: Protocol<MasterRequest> = { name: 'master', version: CLUSTER_PROTOCOL_VERSION, kinds: [...masterRequestKinds] };

const node = (id: string, state: NodeStatus['state'] = 'alive'): NodeStatus => ({
  id, host: '10.0.0.1', cores: 4, memory: 1 << 30, state, lastHeartbeat: 0, joinedAt: 0, address: id,
});
const executor = (id: string, nodeId: string, address: string | null = `${id}/user/executor`, appId: string | null = null): ExecutorStatus => ({
  id, nodeId, cores: 2, memory: 1 << 30, appId, address, launchedBy: 'node',
}) as ExecutorStatus;

t.test('polls the Master and reports executors added and removed, with hostLost when their node is down', async (t) => {
  const c = testCluster();
  let status: ClusterStatus = { leader: { id: 'm1', epoch: 1 }, nodes: [node('n1'), node('n2')], executors: [executor('e1', 'n1'), executor('e2', 'n2'), executor('e3', 'n2', null)] };
  let answering = true;
  c.system('master').spawn<MasterRequest>('leader', {
    protocol: masterProtocol,
    create: () => ({ receive: (ctx, msg) => { if (msg.kind === 'GetClusterStatus' && answering) ctx.reply(status); } }),
  });
  const log: string[] = [];
  const source = clusterExecutors({ system: c.system('driver-app'), pollIntervalMs: 1000, askTimeoutMs: 500, appId: 'app-1' });
  await source.start({
    added: (ref) => log.push(`+${refKey(ref as AnyRef)}`),
    removed: (e, loss: ExecutorLoss) => log.push(`-${typeof e === 'string' ? e : refKey(e as AnyRef)} hostLost=${loss.hostLost}`),
  });
  await settle();
  t.same(log, ['+e1/user/executor', '+e2/user/executor'], 'executors with an address on live nodes are added at once');

  log.length = 0;
  status = { ...status, executors: [executor('e2', 'n2'), executor('e3', 'n2')] };
  c.clock.advance(1000);
  await settle();
  t.same(log, ['-e1/user/executor hostLost=false', '+e3/user/executor'], 'an executor gone from a live node is not a host loss');

  log.length = 0;
  answering = false;
  c.clock.advance(1000);
  await settle();
  c.clock.advance(500); // the ask times out
  await settle();
  t.same(log, [], 'an unanswered poll changes nothing');

  answering = true;
  status = { ...status, nodes: [node('n1'), node('n2', 'lost')], executors: [] };
  c.clock.advance(500); // advances end on poll times, so an ask's timeout never falls inside the same advance
  await settle();
  t.same(log, ['-e2/user/executor hostLost=true', '-e3/user/executor hostLost=true'], 'executors of a lost node go with their host');

  log.length = 0;
  status = { ...status, nodes: [node('n1')], executors: [executor('e4', 'n1', undefined, 'app-1'), executor('e5', 'n9'), executor('e6', 'n1', undefined, 'app-2')] };
  c.clock.advance(1000);
  await settle();
  t.same(log, ['+e4/user/executor'], 'executors on a node the Master does not list, or assigned to another application, are not used');

  await source.stop();
  status = { ...status, executors: [] };
  c.clock.advance(5000);
  await settle();
  t.same(log, ['+e4/user/executor'], 'a stopped source reports nothing');
  await c.shutdown();
});
