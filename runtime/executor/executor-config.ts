// Config keys of the executor's task running (block storage keys live in runtime/blocks/block-config.ts).
import { config } from '../../common/index.js';

export const driverAskTimeout = config.duration('flint.executor.driverAskTimeout', 60_000,
  "How long an executor waits for its application's driver to answer GetMapOutputs or GetBroadcast.");
export const shuffleBlocksInFlight = config.int('flint.shuffle.maxBlocksInFlight', 16,
  'Shuffle blocks one reduce task fetches from other executors at once.');
