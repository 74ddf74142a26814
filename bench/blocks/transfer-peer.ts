// The serving side of the block transfer benchmark, run as a separate process: a NatsBlockServer and
// a SocketBlockServer that answer every block id with the same pattern block, and a raw TCP server
// that writes the number of bytes asked for (the physical baseline). Exits when its stdin closes.
import { createServer, type Socket } from 'node:net';
import { silentLogger } from '../../common/index.js';
import { NatsBlockServer, SocketBlockServer } from '../../runtime/blocks/index.js';
import { NatsTransport } from '../../runtime/transport/index.js';
import { CLUSTER, PEER_NODE, READY_PREFIX, SECRET_ENV, patternBlock, type PeerReady } from './bench-blocks.js';

function arg(name: string): string {
  const i = process.argv.indexOf(name);
  if (i < 0 || i + 1 >= process.argv.length) throw new Error(`missing ${name}`);
  return process.argv[i + 1];
}

/** Raw baseline: the client sends the byte count as a float64; the server streams that many bytes. */
function serveRaw(socket: Socket, block: Uint8Array): void {
  socket.setNoDelay(true);
  socket.once('data', (request: Buffer) => {
    let remaining = request.readDoubleBE(0);
    const pump = (): void => {
      while (remaining > 0) {
        const n = Math.min(remaining, block.byteLength);
        remaining -= n;
        if (!socket.write(n === block.byteLength ? block : block.subarray(0, n))) { socket.once('drain', pump); return; }
      }
    };
    pump();
  });
  socket.on('error', () => undefined);
}

async function main(): Promise<void> {
  const blockSize = Number(arg('--block-size'));
  const secret = new TextEncoder().encode(process.env[SECRET_ENV] ?? '');
  const block = patternBlock(blockSize);
  const source = async (): Promise<Uint8Array> => block;
  const transport = await NatsTransport.connect({ servers: arg('--url'), cluster: CLUSTER, name: 'blocks-bench-peer', logger: silentLogger() });
  const natsServer = new NatsBlockServer({ transport, node: PEER_NODE, source });
  const socketServer = await SocketBlockServer.start({ source, secret });
  const raw = createServer((s) => serveRaw(s, block));
  await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', () => resolve()));
  await transport.flush();
  const address = raw.address();
  const ready: PeerReady = { socketPort: socketServer.port, rawPort: typeof address === 'object' && address ? address.port : 0 };
  process.stdout.write(`${READY_PREFIX}${JSON.stringify(ready)}\n`);
  const quit = async (): Promise<void> => {
    natsServer.close();
    raw.close();
    await socketServer.close();
    await transport.close();
    process.exit(0);
  };
  process.stdin.on('end', () => void quit());
  process.stdin.on('close', () => void quit());
  process.stdin.resume();
}

main().catch((err: unknown) => {
  process.stderr.write(`blocks bench peer failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
