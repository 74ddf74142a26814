import t, { type Test } from 'tap';
import { createHash, randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { ErrorCode } from '../../common/index.js';
import { freePort, waitFor } from '../../test/harness/index.js';
import { BlockManager } from './block-manager.js';
import { BlockManagerMaster } from './block-manager-master.js';
import type { BlockManagerId } from './block-status.js';
import { DiskStore } from './disk-store.js';
import { StorageLevels } from './storage-level.js';
import { UnifiedMemoryManager } from './unified-memory-manager.js';
import type { BlockSource } from './block-transfer.js';
import { SocketBlockClient } from './socket-block-client.js';
import { SocketBlockTransfer } from './socket-block-transfer.js';

const SECRET = new TextEncoder().encode('a-cluster-secret-of-32-bytes!!!!');
const FAST_RETRY = { maxRetries: 2, retryWaitMs: 20 };
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const at = (port: number): BlockManagerId => ({ executorId: 'peer', host: '127.0.0.1', node: 'peer', port });

async function serving(t: Test, source: BlockSource): Promise<SocketBlockTransfer> {
  const transfer = await SocketBlockTransfer.start({ source, secret: SECRET, retry: FAST_RETRY });
  t.teardown(() => transfer.close());
  return transfer;
}

function client(t: Test, secret = SECRET): SocketBlockClient {
  const c = new SocketBlockClient({ secret, retry: FAST_RETRY });
  t.teardown(() => c.close());
  return c;
}

t.test('SocketBlockTransfer', async (t) => {
  t.test('fetches a 50 MB block intact', async (t) => {
    const block = randomBytes(50 * 1024 * 1024);
    const server = await serving(t, async (id) => (id === 'rdd_1_0' ? block : undefined));
    t.equal(server.host, '127.0.0.1', 'binds to loopback by default');
    const got = await client(t).fetchBlock(at(server.port), 'rdd_1_0');
    t.equal(got.byteLength, block.byteLength);
    t.equal(sha(got), sha(block));
  });

  t.test('fails a fetch of a missing block with BLOCK_NOT_FOUND, without retrying', async (t) => {
    let reads = 0;
    const server = await serving(t, async () => { reads++; return undefined; });
    await t.rejects(client(t).fetchBlock(at(server.port), 'shuffle_0_1_2'), { code: ErrorCode.BlockNotFound, retryable: false });
    t.equal(reads, 1);
  });

  t.test('serves concurrent fetches on one connection, each intact', async (t) => {
    const blocks = new Map(Array.from({ length: 24 }, (_, i) => [`shuffle_0_${i}_0`, randomBytes(i % 5 === 0 ? 0 : i * 97_003)]));
    const server = await serving(t, async (id) => {
      await new Promise((r) => setTimeout(r, Math.random() * 5)); // reads finish out of order
      return blocks.get(id);
    });
    const c = client(t);
    const ids = [...blocks.keys()];
    const got = await Promise.all(ids.map((id) => c.fetchBlock(at(server.port), id)));
    ids.forEach((id, i) => t.equal(sha(got[i]), sha(blocks.get(id)!), id));
    const [missing, present] = await Promise.allSettled([c.fetchBlock(at(server.port), 'rdd_9_9'), c.fetchBlock(at(server.port), ids[1])]);
    t.match(missing, { status: 'rejected', reason: { code: ErrorCode.BlockNotFound } });
    t.match(present, { status: 'fulfilled' }, 'a missing block does not break the connection');
  });

  t.test('fails with retryable BLOCK_FETCH_FAILED when the server goes away mid-transfer', async (t) => {
    const block = randomBytes(50 * 1024 * 1024);
    let server: SocketBlockTransfer | undefined;
    server = await SocketBlockTransfer.start({
      secret: SECRET,
      source: async () => {
        // Close right after this block starts going out: the client sees the connection cut mid-block.
        setImmediate(() => void server?.close());
        return block;
      },
    });
    const port = server.port;
    await t.rejects(client(t).fetchBlock(at(port), 'rdd_1_0'), { code: ErrorCode.BlockFetchFailed, retryable: true, fields: { blockId: 'rdd_1_0' } });
  });

  t.test('fails with retryable BLOCK_FETCH_FAILED when nobody listens', async (t) => {
    const port = await freePort();
    await t.rejects(client(t).fetchBlock(at(port), 'rdd_1_0'), { code: ErrorCode.BlockFetchFailed, retryable: true });
  });

  t.test('refuses clients without the shared secret', async (t) => {
    const server = await serving(t, async () => new Uint8Array(10));
    await t.rejects(client(t, new TextEncoder().encode('not-the-cluster-secret!!')).fetchBlock(at(server.port), 'rdd_1_0'),
      { code: ErrorCode.AuthenticationFailed });
    // A process that skips the handshake and asks for a block gets nothing but a closed socket.
    const received: Buffer[] = [];
    const sock = connect({ host: '127.0.0.1', port: server.port });
    sock.on('data', (d: Buffer) => received.push(d));
    sock.on('error', () => undefined);
    let closed = false;
    sock.on('close', () => { closed = true; });
    const fetch = Buffer.from([0, 0, 0, 12, 4, 0, 0, 0, 1, ...Buffer.from('rdd_1_0')]);
    sock.write(fetch);
    await waitFor('socket closed by the server', () => closed);
    const bytes = Buffer.concat(received);
    t.equal(bytes[4], 1, 'only the HELLO frame was sent');
    t.equal(bytes.byteLength, 4 + 1 + 33);
  });

  t.test('lets a BlockManager read a peer\'s block through the master\'s locations', async (t) => {
    const node = async (executorId: string): Promise<BlockManager> => {
      const disk = await DiskStore.create({ localDirs: [t.testdir()], name: executorId });
      const memory = new UnifiedMemoryManager({ maxMemory: 64 * 1024 * 1024, storageRegion: 32 * 1024 * 1024 });
      const transfer = await SocketBlockTransfer.start({ source: (id) => bm.getLocal(id), secret: SECRET, retry: FAST_RETRY });
      const bm: BlockManager = new BlockManager({
        id: { executorId, host: '127.0.0.1', node: executorId, port: transfer.port }, memory, disk,
        onBlockUpdate: (u) => master.updateBlockInfo(u),
        remote: { locate: async (id) => master.getLocations(id), fetch: (from, id) => transfer.fetchBlock(from, id) },
      });
      master.register(bm.id, memory.limits.maxMemory);
      t.teardown(async () => { await transfer.close(); await bm.stop(); });
      return bm;
    };
    const master = new BlockManagerMaster();
    const [a, b] = [await node('a'), await node('b')];
    const block = randomBytes(3 * 1024 * 1024);
    await a.put('rdd_4_0', block, StorageLevels.DISK_ONLY);
    t.equal(sha((await b.get('rdd_4_0'))!), sha(block), 'served from a\'s disk over the socket');
    t.notOk(b.contains('rdd_4_0'), 'a remote read does not cache the block');
    master.removeExecutor('a');
    t.equal(await b.get('rdd_4_0'), undefined, 'after a is lost nobody has it');
  });

  t.test('refuses a secret shorter than 16 bytes', async (t) => {
    await t.rejects(SocketBlockTransfer.start({ source: async () => undefined, secret: new Uint8Array(8) }), { code: ErrorCode.Config });
  });
});
