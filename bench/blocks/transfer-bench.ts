// Block transfer benchmark (`npm run bench:blocks [-- --json]`): moves 1 GiB in 1 MiB blocks from a
// peer process to this one over (a) chunked request/reply on NATS, (b) the direct block socket, and
// a raw loopback TCP stream (the physical baseline), trials alternating in one run. Prints medians
// in MB/s (10^6 bytes) and each mode's ratio to raw; always stops its nats-server and peer.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../../common/index.js';
import { NatsBlockClient, SocketBlockClient, type BlockManagerId } from '../../runtime/blocks/index.js';
import { NatsTransport } from '../../runtime/transport/index.js';
import { startNatsServer, type NatsServer } from '../../test/harness/index.js';
import { CLUSTER, PEER_NODE, READY_PREFIX, SECRET_ENV, patternBlock, type PeerReady } from './bench-blocks.js';

const BENCH = 'blocks';
const PEER_NAME = 'raw loopback TCP';
const WATCHDOG_MS = 900_000;
const MiB = 1024 * 1024;

interface Options {
  readonly json: boolean;
  readonly trials: number;
  readonly totalBytes: number;
  readonly blockSize: number;
  readonly inflight: number;
  readonly window: number;
  readonly maxPayload?: number;
}

type Mode = 'raw' | 'socket' | 'nats';

function usage(): never {
  process.stderr.write('usage: transfer-bench [--json] [--trials N] [--gib X] [--block-mib X] [--inflight N] [--window N] [--max-payload BYTES]\n');
  process.exit(64);
}

function parseOptions(argv: readonly string[]): Options {
  const o = { json: false, trials: 3, totalBytes: 1024 * MiB, blockSize: MiB, inflight: 16, window: 8, maxPayload: undefined as number | undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = (): number => { const v = Number(argv[++i]); if (!Number.isFinite(v) || v <= 0) usage(); return v; };
    if (a === '--json') o.json = true;
    else if (a === '--trials') o.trials = Math.round(num());
    else if (a === '--gib') o.totalBytes = Math.round(num() * 1024 * MiB);
    else if (a === '--block-mib') o.blockSize = Math.round(num() * MiB);
    else if (a === '--inflight') o.inflight = Math.round(num());
    else if (a === '--window') o.window = Math.round(num());
    else if (a === '--max-payload') o.maxPayload = Math.round(num());
    else usage();
  }
  return o;
}

async function startPeer(url: string, blockSize: number, secret: string): Promise<{ child: ChildProcess; ready: PeerReady }> {
  const script = fileURLToPath(new URL('./transfer-peer.js', import.meta.url));
  const child = spawn(process.execPath, [script, '--url', url, '--block-size', String(blockSize)], {
    stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, [SECRET_ENV]: secret },
  });
  const ready = await new Promise<PeerReady>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('blocks bench peer not ready after 30 s')), 30_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith(READY_PREFIX)) { clearTimeout(timer); resolve(JSON.parse(line.slice(READY_PREFIX.length)) as PeerReady); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`blocks bench peer exited (${code}) before it was ready`)); });
  });
  return { child, ready };
}

async function stopPeer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdin?.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Fetches `count` blocks with `inflight` fetches outstanding; checks sizes and every 64th block's bytes. */
async function fetchAll(fetch: (i: number) => Promise<Uint8Array>, count: number, inflight: number, expected: Uint8Array): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const got = await fetch(i);
      if (got.byteLength !== expected.byteLength || (i % 64 === 0 && Buffer.compare(got, expected) !== 0)) {
        throw new Error(`block ${i} arrived damaged (${got.byteLength} bytes)`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(inflight, count) }, worker));
}

/** The raw baseline: one TCP stream of `total` bytes, counted as they arrive. */
function rawStream(port: number, total: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = 0;
    socket.on('connect', () => {
      const request = Buffer.allocUnsafe(8);
      request.writeDoubleBE(total, 0);
      socket.write(request);
    });
    socket.on('data', (chunk: Buffer) => {
      received += chunk.byteLength;
      if (received >= total) { socket.destroy(); resolve(); }
    });
    socket.on('error', reject);
    socket.on('close', () => { if (received < total) reject(new Error(`raw stream closed after ${received} bytes`)); });
  });
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function run(o: Options, nats: NatsServer): Promise<void> {
  const secret = randomBytes(24).toString('hex');
  const { child, ready } = await startPeer(nats.url, o.blockSize, secret);
  const transport = await NatsTransport.connect({ servers: nats.url, cluster: CLUSTER, name: 'blocks-bench', logger: silentLogger() });
  const natsClient = new NatsBlockClient({ transport, window: o.window });
  const socketClient = new SocketBlockClient({ secret: new TextEncoder().encode(secret) });
  const peer: BlockManagerId = { executorId: 'peer', host: '127.0.0.1', node: PEER_NODE, port: ready.socketPort };
  const expected = patternBlock(o.blockSize);
  const blockName = (i: number): string => `shuffle_0_${i}_0`;
  const once = async (mode: Mode, bytes: number): Promise<number> => {
    const count = Math.max(1, Math.round(bytes / o.blockSize));
    const t0 = performance.now();
    if (mode === 'raw') await rawStream(ready.rawPort, count * o.blockSize);
    else if (mode === 'socket') await fetchAll((i) => socketClient.fetchBlock(peer, blockName(i)), count, o.inflight, expected);
    else await fetchAll((i) => natsClient.fetchBlock(peer, blockName(i)), count, o.inflight, expected);
    return (count * o.blockSize) / 1e6 / ((performance.now() - t0) / 1000);
  };
  try {
    const modes: Mode[] = ['raw', 'socket', 'nats'];
    for (const m of modes) await once(m, Math.min(o.totalBytes, 64 * MiB)); // warm-up: connections, JIT
    const results: Record<Mode, number[]> = { raw: [], socket: [], nats: [] };
    for (let trial = 0; trial < o.trials; trial++) {
      // Rotate the order so no mode always runs first (or last) in a trial.
      for (let k = 0; k < modes.length; k++) {
        const mode = modes[(k + trial) % modes.length];
        const mbs = await once(mode, o.totalBytes);
        results[mode].push(mbs);
        if (!o.json) process.stderr.write(`trial ${trial + 1}/${o.trials} ${mode}: ${mbs.toFixed(0)} MB/s\n`);
      }
    }
    report(o, { raw: median(results.raw), socket: median(results.socket), nats: median(results.nats) });
  } finally {
    socketClient.close();
    await transport.close();
    await stopPeer(child);
  }
}

function report(o: Options, m: Record<Mode, number>): void {
  const size = `${o.blockSize / MiB}MiB`;
  const figures = [
    { metric: `nats_chunked_${size}`, label: `NATS chunked (${size} blocks)`, ours: m.nats },
    { metric: `direct_socket_${size}`, label: `direct socket (${size} blocks)`, ours: m.socket },
  ];
  if (o.json) {
    for (const f of figures) {
      process.stdout.write(`${JSON.stringify({
        bench: BENCH, metric: f.metric, unit: 'MB/s', ours: Math.round(f.ours), peer: PEER_NAME,
        theirs: Math.round(m.raw), ratio: Number((f.ours / m.raw).toFixed(3)), better: 'higher',
      })}\n`);
    }
    return;
  }
  const gib = (o.totalBytes / (1024 * MiB)).toFixed(2);
  const lines = [
    `block transfer: ${gib} GiB per trial in ${size} blocks, ${o.inflight} blocks in flight, NATS window ${o.window}, median of ${o.trials} trials`,
    `${'mode'.padEnd(32)}${'MB/s'.padStart(10)}${`÷ ${PEER_NAME}`.padStart(22)}`,
    ...figures.map((f) => `${f.label.padEnd(32)}${f.ours.toFixed(0).padStart(10)}${(f.ours / m.raw).toFixed(2).padStart(22)}`),
    `${PEER_NAME.padEnd(32)}${m.raw.toFixed(0).padStart(10)}${'1.00'.padStart(22)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const nats = await startNatsServer({ jetstream: false, config: o.maxPayload ? `max_payload: ${o.maxPayload}` : undefined });
  const watchdog = setTimeout(() => {
    process.stderr.write(`blocks bench: aborted after ${WATCHDOG_MS / 1000} s\n`);
    void nats.stop().finally(() => process.exit(2));
  }, WATCHDOG_MS);
  try {
    await run(o, nats);
  } finally {
    clearTimeout(watchdog);
    await nats.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`blocks bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
