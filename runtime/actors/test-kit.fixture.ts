// Helpers for actor tests: systems on a shared in-process hub with a manual clock, and a way to let
// queued deliveries run without sleeping.
import { ManualClock, silentLogger, type Clock, type Logger } from '../../common/index.js';
import { InProcessHub, InProcessTransport } from '../transport/in-process-transport.js';
import { ActorSystem } from './actor-system.js';

/** Lets every queued microtask and `rounds` event-loop turns run (mailbox loops yield with setImmediate). */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export interface TestCluster {
  readonly hub: InProcessHub;
  readonly clock: ManualClock;
  system(nodeId: string, options?: { maxPayload?: number; clock?: Clock; defaultMailboxCapacity?: number; logger?: Logger }): ActorSystem;
  transport(maxPayload?: number): InProcessTransport;
  shutdown(): Promise<void>;
}

export function testCluster(): TestCluster {
  const hub = new InProcessHub();
  const clock = new ManualClock(1_000_000);
  const systems: ActorSystem[] = [];
  const transports: InProcessTransport[] = [];
  const transport = (maxPayload?: number) => {
    const t = new InProcessTransport(hub, { clock, maxPayload });
    transports.push(t);
    return t;
  };
  return {
    hub, clock, transport,
    system(nodeId, options = {}) {
      const s = new ActorSystem({
        nodeId, transport: transport(options.maxPayload), clock: options.clock ?? clock, logger: options.logger ?? silentLogger(),
        defaultMailboxCapacity: options.defaultMailboxCapacity,
      });
      systems.push(s);
      return s;
    },
    async shutdown() {
      await Promise.all(systems.map((s) => s.terminate()));
      await Promise.all(transports.map((t) => t.close()));
    },
  };
}
