// BlockTransferService over a direct TCP socket per node: a SocketBlockServer for this node's blocks
// and a SocketBlockClient for peers', sharing the cluster's secret.
import type { Clock, Logger } from '../../common/index.js';
import type { BlockManagerId } from './block-status.js';
import type { BlockSource, BlockTransferService, RetryPolicy } from './block-transfer.js';
import { SocketBlockClient } from './socket-block-client.js';
import { SocketBlockServer } from './socket-block-server.js';

export interface SocketBlockTransferOptions {
  readonly source: BlockSource;
  /** The cluster's shared secret (spark.authenticate.secret), at least 16 bytes. */
  readonly secret: Uint8Array;
  /** Bind address (flint.blockManager.bindAddress, default 127.0.0.1). */
  readonly host?: string;
  /** spark.blockManager.port (0 = ephemeral). */
  readonly port?: number;
  readonly retry?: RetryPolicy;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

export class SocketBlockTransfer implements BlockTransferService {
  readonly kind = 'socket' as const;
  private constructor(private readonly server: SocketBlockServer, private readonly client: SocketBlockClient) {}

  static async start(options: SocketBlockTransferOptions): Promise<SocketBlockTransfer> {
    const server = await SocketBlockServer.start(options);
    return new SocketBlockTransfer(server, new SocketBlockClient(options));
  }

  get port(): number { return this.server.port; }
  get host(): string { return this.server.host; }

  fetchBlock(from: BlockManagerId, blockId: string): Promise<Uint8Array> {
    return this.client.fetchBlock(from, blockId);
  }

  async close(): Promise<void> {
    this.client.close();
    await this.server.close();
  }
}
