// Where the map outputs of a shuffle live, as the driver's MapOutputTracker last told this executor.
// Reducers ask for an aligned window of reduce partitions, so the reduce tasks of one window that run
// here share one ask; an entry is dropped when a task brings a newer MapOutputTracker epoch (outputs
// were lost or recomputed since), and replies naming missing outputs are never kept.
import type { ActorRef } from '../actors/index.js';
import type { DriverMessage, MapOutputsReply } from './task-protocol.js';

/** Reduce partitions per ask: bounds the reply (sizes per map output) and amortises it over tasks. */
export const MAP_OUTPUT_WINDOW = 32;

/** Asks the application's driver for the map outputs of a reduce range (GetMapOutputs). */
export type MapOutputAsk = (driver: ActorRef<DriverMessage>, shuffleId: number, startPartition: number, endPartition: number) => Promise<MapOutputsReply>;

interface Entry {
  readonly epoch: number;
  readonly reply: Promise<MapOutputsReply>;
}

/** The reply covering one reduce partition, and the first partition its `sizes` start at. */
export interface MapOutputsFor {
  readonly reply: MapOutputsReply;
  readonly startPartition: number;
}

export class MapOutputCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly ask: MapOutputAsk) {}

  async get(appId: string, driver: ActorRef<DriverMessage>, shuffleId: number, partition: number, numReduce: number,
    epoch: number): Promise<MapOutputsFor> {
    const startPartition = partition - (partition % MAP_OUTPUT_WINDOW);
    const endPartition = Math.min(numReduce, startPartition + MAP_OUTPUT_WINDOW);
    const key = `${appId}\0${shuffleId}\0${startPartition}`;
    let entry = this.entries.get(key);
    if (!entry || entry.epoch < epoch) {
      const reply = this.ask(driver, shuffleId, startPartition, endPartition);
      const created: Entry = { epoch, reply };
      entry = created;
      this.entries.set(key, created);
      reply.then(
        (r) => {
          if (this.entries.get(key) !== created) return;
          if (r.missing.length > 0) this.entries.delete(key);
          else this.entries.set(key, { epoch: Math.max(epoch, r.epoch), reply });
        },
        () => { if (this.entries.get(key) === created) this.entries.delete(key); },
      );
    }
    return { reply: await entry.reply, startPartition };
  }

  dropShuffle(appId: string, shuffleId: number): void {
    const prefix = `${appId}\0${shuffleId}\0`;
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  dropApp(appId: string): void {
    const prefix = `${appId}\0`;
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
  }
}
