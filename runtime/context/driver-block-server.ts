// The driver's own block server (Spark's driver-side BlockManager): parallelized slices too large to
// ride inside a task message are kept here and fetched by executors over the same authenticated
// socket protocol executors use among themselves, with this driver's random secret.
import { randomBytes } from 'node:crypto';
import type { Conf, Logger } from '../../common/index.js';
import { blockManagerBindAddress } from '../blocks/block-config.js';
import { SocketBlockServer } from '../blocks/socket-block-server.js';
import { appBlockName, type BlockEndpoint } from '../executor/task-protocol.js';

export class DriverBlockServer {
  private constructor(
    private readonly server: SocketBlockServer,
    private readonly blocks: Map<string, Uint8Array>,
    readonly endpoint: BlockEndpoint,
    private readonly appId: string,
  ) {}

  static async start(appId: string, nodeId: string, conf: Conf, logger: Logger): Promise<DriverBlockServer> {
    const secret = randomBytes(32);
    const blocks = new Map<string, Uint8Array>();
    const server = await SocketBlockServer.start({
      source: async (name) => blocks.get(name),
      secret, host: conf.get(blockManagerBindAddress), port: 0, logger,
    });
    const endpoint: BlockEndpoint = { id: { executorId: 'driver', host: server.host, node: nodeId, port: server.port }, secret };
    return new DriverBlockServer(server, blocks, endpoint, appId);
  }

  put(blockId: string, bytes: Uint8Array): void {
    this.blocks.set(appBlockName(this.appId, blockId), bytes);
  }

  remove(blockId: string): void {
    this.blocks.delete(appBlockName(this.appId, blockId));
  }

  get size(): number { return this.blocks.size; }

  async close(): Promise<void> {
    this.blocks.clear();
    await this.server.close();
  }
}
