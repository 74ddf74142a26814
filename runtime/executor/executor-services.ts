// What a running task uses of its executor: identity, the application-scoped block store, where the
// applications' map outputs live, and the fetcher for peers' blocks. One instance per executor.
import type { AppBlockStore } from './app-block-store.js';
import type { MapOutputCache } from './map-output-cache.js';
import type { PeerBlockFetcher } from './peer-block-fetcher.js';
import type { BlockEndpoint } from './task-protocol.js';

export interface ExecutorServices {
  readonly executorId: string;
  /** Flint node id: the scheduler's host (MapStatus.host). */
  readonly nodeId: string;
  /** This executor's block socket and secret, as peers and the driver reach it. */
  readonly endpoint: BlockEndpoint;
  readonly blocks: AppBlockStore;
  readonly mapOutputs: MapOutputCache;
  readonly peers: PeerBlockFetcher;
  /** Most shuffle blocks one reduce task fetches from peers at once. */
  readonly fetchesInFlight: number;
}
