// Counters one task attempt accumulates while it runs; frozen into TaskMetrics for its StatusUpdate.
import type { TaskMetrics } from './task-protocol.js';

export type MutableTaskMetrics = { -readonly [K in keyof TaskMetrics]: TaskMetrics[K] };

export function emptyTaskMetrics(): MutableTaskMetrics {
  return {
    runMs: 0, recordsRead: 0, recordsWritten: 0, shuffleBytesWritten: 0, shuffleRecordsWritten: 0,
    shuffleBytesRead: 0, shuffleRecordsRead: 0, shuffleRemoteBlocksFetched: 0, cacheHits: 0, cacheMisses: 0, resultBytes: 0,
  };
}
