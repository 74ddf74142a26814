import t, { type Test } from 'tap';
import { createHash, randomBytes } from 'node:crypto';
import { ErrorCode, ManualClock } from '../../common/index.js';
import { startNatsServer, waitFor, type NatsServer } from '../../test/harness/index.js';
import { NatsTransport, type InboundHandler, type InboundMessage, type Transport } from '../transport/index.js';
import type { BlockManagerId } from './block-status.js';
import type { BlockSource } from './block-transfer.js';
import { NatsBlockClient } from './nats-block-client.js';
import { H } from './nats-block-protocol.js';
import { NatsBlockServer } from './nats-block-server.js';
import { NatsBlockTransfer } from './nats-block-transfer.js';

const MiB = 1024 * 1024;
const FAST_RETRY = { maxRetries: 2, retryWaitMs: 20 };
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const on = (node: string): BlockManagerId => ({ executorId: node, host: '127.0.0.1', node, port: 0 });

async function natsFor(t: Test): Promise<NatsServer> {
  const server = await startNatsServer({ jetstream: false });
  t.teardown(() => server.stop());
  return server;
}

async function transportFor(t: Test, server: NatsServer): Promise<NatsTransport> {
  const transport = await NatsTransport.connect({ servers: server.url, cluster: 'blocks', name: t.name });
  t.teardown(() => transport.close());
  return transport;
}

/** The server side of a transport whose inbound block messages pass through `intercept`. */
function intercepting(inner: Transport, intercept: (m: InboundMessage, deliver: InboundHandler) => void): Transport {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'listen') return (address: Parameters<Transport['listen']>[0], handler: InboundHandler) =>
        target.listen(address, (m) => intercept(m, handler));
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

async function pair(t: Test, source: BlockSource, serverSide?: (tr: Transport) => Transport) {
  const nats = await natsFor(t);
  const serverTransport = await transportFor(t, nats);
  const server = new NatsBlockServer({ transport: serverSide ? serverSide(serverTransport) : serverTransport, node: 'n1', source });
  t.teardown(() => server.close());
  await serverTransport.flush();
  const client = new NatsBlockClient({ transport: await transportFor(t, nats), chunkTimeoutMs: 1000, retry: FAST_RETRY });
  return { server, client, nats };
}

t.test('NatsBlockTransfer', async (t) => {
  t.test('fetches a 50 MB block intact, in chunks under max_payload', async (t) => {
    const block = randomBytes(50 * MiB);
    const { client, server } = await pair(t, async (id) => (id === 'rdd_1_0' ? block : undefined));
    const got = await client.fetchBlock(on('n1'), 'rdd_1_0');
    t.equal(got.byteLength, block.byteLength);
    t.equal(sha(got), sha(block));
    await waitFor('the client closes its transfer', () => server.openSessions === 0);
  });

  t.test('fails a fetch of a missing block with BLOCK_NOT_FOUND, without retrying', async (t) => {
    let reads = 0;
    const { client } = await pair(t, async () => { reads++; return undefined; });
    await t.rejects(client.fetchBlock(on('n1'), 'shuffle_0_1_2'), { code: ErrorCode.BlockNotFound, retryable: false });
    t.equal(reads, 1);
  });

  t.test('serves concurrent fetches, each intact', async (t) => {
    const blocks = new Map(Array.from({ length: 16 }, (_, i) => [`shuffle_0_${i}_0`, randomBytes(i % 4 === 0 ? i : i * 300_007)]));
    const { client } = await pair(t, async (id) => blocks.get(id));
    const ids = [...blocks.keys()];
    const got = await Promise.all(ids.map((id) => client.fetchBlock(on('n1'), id)));
    ids.forEach((id, i) => t.equal(sha(got[i]), sha(blocks.get(id)!), id));
  });

  t.test('retries a lost chunk and still delivers the block intact', async (t) => {
    const block = randomBytes(5 * MiB);
    const dropped: string[] = [];
    const { client } = await pair(t, async () => block, (tr) => intercepting(tr, (m, deliver) => {
      // Lose the first request for chunk 2 (as if the reply never arrived).
      if (m.headers[H.op] === 'chunk' && m.headers[H.index] === '2' && dropped.length === 0) { dropped.push('2'); return; }
      deliver(m);
    }));
    const got = await client.fetchBlock(on('n1'), 'rdd_1_0');
    t.same(dropped, ['2']);
    t.equal(sha(got), sha(block));
  });

  t.test('fails with retryable BLOCK_FETCH_FAILED when the server goes away mid-transfer', async (t) => {
    const block = randomBytes(50 * MiB);
    let chunksServed = 0;
    let server: NatsBlockServer | undefined;
    const nats = await natsFor(t);
    const serverTransport = await transportFor(t, nats);
    server = new NatsBlockServer({
      node: 'n1', source: async () => block,
      transport: intercepting(serverTransport, (m, deliver) => {
        if (m.headers[H.op] === 'chunk' && ++chunksServed === 5) server?.close(); // the node dies here
        else deliver(m);
      }),
    });
    await serverTransport.flush();
    const client = new NatsBlockClient({ transport: await transportFor(t, nats), chunkTimeoutMs: 500, retry: FAST_RETRY });
    await t.rejects(client.fetchBlock(on('n1'), 'rdd_1_0'), { code: ErrorCode.BlockFetchFailed, retryable: true, fields: { blockId: 'rdd_1_0' } });
  });

  t.test('fails with retryable BLOCK_FETCH_FAILED when no node serves blocks', async (t) => {
    const nats = await natsFor(t);
    const client = new NatsBlockClient({ transport: await transportFor(t, nats), chunkTimeoutMs: 500, retry: FAST_RETRY });
    await t.rejects(client.fetchBlock(on('nobody'), 'rdd_1_0'), { code: ErrorCode.BlockFetchFailed, retryable: true });
  });

  t.test('forgets transfers left idle', async (t) => {
    const nats = await natsFor(t);
    const transport = await transportFor(t, nats);
    const clock = new ManualClock();
    const block = randomBytes(3 * MiB);
    const server = new NatsBlockServer({ transport, node: 'n1', source: async () => block, clock, sessionIdleMs: 1000 });
    t.teardown(() => server.close());
    await transport.flush();
    const reply = await transport.request({ node: 'n1', path: 'blocks/transfer' }, { headers: { [H.op]: 'open', [H.blockId]: 'rdd_1_0' }, body: new Uint8Array(0) }, 2000);
    t.equal(Number(reply.headers[H.size]), 3 * MiB);
    t.equal(server.openSessions, 1);
    clock.advance(1600);
    t.equal(server.openSessions, 0);
    const late = await transport.request({ node: 'n1', path: 'blocks/transfer' },
      { headers: { [H.op]: 'chunk', [H.transfer]: reply.headers[H.transfer], [H.index]: '1' }, body: new Uint8Array(0) }, 2000);
    t.match(JSON.parse(late.headers[H.error]), { code: ErrorCode.BlockFetchFailed, retryable: true });
  });

  t.test('is a BlockTransferService', async (t) => {
    const nats = await natsFor(t);
    const a = new NatsBlockTransfer({ transport: await transportFor(t, nats), node: 'a', source: async (id) => new TextEncoder().encode(`a:${id}`) });
    const bTransport = await transportFor(t, nats);
    const b = new NatsBlockTransfer({ transport: bTransport, node: 'b', source: async () => undefined });
    t.teardown(() => Promise.all([a.close(), b.close()]));
    await bTransport.flush();
    t.equal(new TextDecoder().decode(await b.fetchBlock(on('a'), 'broadcast_1')), 'a:broadcast_1');
    t.equal(a.kind, 'nats');
  });
});
