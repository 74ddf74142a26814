// Fetches task results too large for a StatusUpdate (Spark's IndirectTaskResult) from the executor's
// block socket. Each executor process has its own block secret, so there is one client per executor,
// closed when the executor goes.
import type { Clock } from '../../common/index.js';
import { SocketBlockClient } from '../blocks/index.js';
import type { ResultBlockRef } from '../executor/task-protocol.js';

export class ResultFetcher {
  private readonly clients = new Map<string, SocketBlockClient>();

  constructor(private readonly clock: Clock) {}

  fetch(ref: ResultBlockRef): Promise<Uint8Array> {
    const executorId = ref.from.id.executorId;
    let client = this.clients.get(executorId);
    if (client === undefined) this.clients.set(executorId, (client = new SocketBlockClient({ secret: ref.from.secret, clock: this.clock })));
    return client.fetchBlock(ref.from.id, ref.blockId);
  }

  /** Closes the executor's connection (it is gone, or its secret may change). */
  forget(executorId: string): void {
    this.clients.get(executorId)?.close();
    this.clients.delete(executorId);
  }

  close(): void {
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }
}
