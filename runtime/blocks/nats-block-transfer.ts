// BlockTransferService over the NATS transport: a NatsBlockServer for this node's blocks and a
// NatsBlockClient for peers'. No extra port or secret: NATS's own authentication covers it.
import type { Clock, Logger } from '../../common/index.js';
import type { Transport } from '../transport/index.js';
import type { BlockManagerId } from './block-status.js';
import type { BlockSource, BlockTransferService, RetryPolicy } from './block-transfer.js';
import { NatsBlockClient } from './nats-block-client.js';
import { NatsBlockServer } from './nats-block-server.js';

export interface NatsBlockTransferOptions {
  readonly transport: Transport;
  readonly node: string;
  readonly source: BlockSource;
  readonly window?: number;
  readonly chunkTimeoutMs?: number;
  readonly retry?: RetryPolicy;
  readonly sessionIdleMs?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

export class NatsBlockTransfer implements BlockTransferService {
  readonly kind = 'nats' as const;
  readonly port = 0;
  private readonly server: NatsBlockServer;
  private readonly client: NatsBlockClient;

  constructor(options: NatsBlockTransferOptions) {
    this.server = new NatsBlockServer(options);
    this.client = new NatsBlockClient(options);
  }

  fetchBlock(from: BlockManagerId, blockId: string): Promise<Uint8Array> {
    return this.client.fetchBlock(from, blockId);
  }

  async close(): Promise<void> {
    this.server.close();
  }
}
