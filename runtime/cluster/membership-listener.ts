// Follows the Master's membership announcements on the broadcast topic. Announcements carry the
// leader's fencing epoch; older ones are refused (a deposed leader cannot down anybody). NodeLost
// turns into Terminated for every actor this system watches on that node.
import { isEngineError, ErrorCode, type Logger } from '../../common/index.js';
import type { ActorSystem } from '../actors/index.js';
import { EpochGuard } from '../master/index.js';
import { decodeEnvelope } from '../transport/envelope.js';
import type { Subscription, Transport } from '../transport/transport.js';
import { CLUSTER_PROTOCOL_VERSION, Topic, type MembershipEvent } from './cluster-protocol.js';

export interface MembershipListenerStats {
  accepted: number;
  staleRefused: number;
  malformed: number;
}

export interface MembershipListener {
  readonly stats: Readonly<MembershipListenerStats>;
  readonly guard: EpochGuard;
  stop(): void;
}

const KINDS = new Set<MembershipEvent['kind']>(['LeaderElected', 'NodeUp', 'NodeLost', 'NodeLeft']);

export function listenToMembership(
  transport: Transport,
  system: ActorSystem,
  log: Logger,
  onEvent: (event: MembershipEvent) => void = () => {},
): MembershipListener {
  const guard = new EpochGuard(0, `node ${system.nodeId}`);
  const stats: MembershipListenerStats = { accepted: 0, staleRefused: 0, malformed: 0 };
  const sub: Subscription = transport.subscribe(Topic.membership, (msg) => {
    const decoded = decodeEnvelope(msg, CLUSTER_PROTOCOL_VERSION);
    if (!decoded.ok) { stats.malformed++; log.warn({ err: decoded.error.message }, 'dropped a malformed membership message'); return; }
    const body = decoded.envelope.body as MembershipEvent;
    if (!body || typeof body !== 'object' || !KINDS.has(body.kind) || !Number.isSafeInteger(body.epoch)) {
      stats.malformed++;
      log.warn({ type: decoded.envelope.type }, 'dropped an unknown membership message');
      return;
    }
    try {
      guard.check(body.epoch);
    } catch (err) {
      if (!isEngineError(err, ErrorCode.StaleEpoch)) throw err;
      stats.staleRefused++;
      log.warn({ kind: body.kind, epoch: body.epoch, current: guard.current }, 'refused a membership message from a stale master');
      return;
    }
    stats.accepted++;
    if (body.kind === 'NodeLost' || body.kind === 'NodeLeft') system.nodeLost(body.nodeId);
    onEvent(body);
  });
  return { stats, guard, stop: () => sub.unsubscribe() };
}
