// Distributed-core benchmark (`npm run bench:core [-- --json]`), every figure beside its floor from
// the same run:
//  - 10,000 empty tasks in local mode, tasks/s, vs raw worker-thread round trips at the same
//    concurrency (a task needs at least a launch and a status message);
//  - the same on a 3-node cluster, vs raw nats.js request/reply round trips to 3 responder
//    connections in another process at the same concurrency;
//  - a 1 GiB shuffle across 3 nodes, MB/s, vs a raw loopback TCP stream of the same bytes.
// Medians of --trials runs (default 3). Starts and stops its own nats-server, redis-server and nodes.
import { spawn } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { connect } from 'node:net';
import { connect as natsConnect } from '@nats-io/transport-node';
import { SparkContext } from '../../runtime/context/index.js';
import { startTestCluster, type TestCluster } from '../../test/harness/index.js';
import { formatTable, toJsonLine, type Figure } from '../actors/report.js';
import { median } from '../actors/stats.js';

const BENCH = 'core';
const MiB = 1024 * 1024;

interface Options { json: boolean; trials: number; tasks: number; shuffleBytes: number; nodes: number; skipCluster: boolean }

function parseOptions(argv: readonly string[]): Options {
  const o: Options = { json: false, trials: 3, tasks: 10_000, shuffleBytes: 1024 * MiB, nodes: 3, skipCluster: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = (): number => { const v = Number(argv[++i]); if (!Number.isFinite(v) || v <= 0) usage(); return v; };
    if (a === '--json') o.json = true;
    else if (a === '--trials') o.trials = Math.round(num());
    else if (a === '--tasks') o.tasks = Math.round(num());
    else if (a === '--shuffle-gib') o.shuffleBytes = Math.round(num() * 1024 * MiB);
    else if (a === '--local-only') o.skipCluster = true;
    else usage();
  }
  return o;
}

function usage(): never {
  process.stderr.write('usage: core-bench [--json] [--trials N] [--tasks N] [--shuffle-gib X] [--local-only]\n');
  process.exit(64);
}

const log = (o: Options, msg: string): void => { if (!o.json) process.stderr.write(`${msg}\n`); };

/** Seconds for one job of `tasks` empty tasks (count over empty partitions). */
async function emptyTasksSeconds(sc: SparkContext, tasks: number): Promise<number> {
  const rdd = sc.parallelize([], tasks);
  const start = performance.now();
  const n = await rdd.count();
  if (n !== 0) throw new Error(`empty-task job counted ${n}`);
  return (performance.now() - start) / 1000;
}

/** Raw worker-thread round trips: `concurrency` workers each echo `count / concurrency` messages one at a time. */
async function rawWorkerRoundTripsPerSecond(count: number, concurrency: number): Promise<number> {
  const src = "const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage(m));";
  const workers = Array.from({ length: concurrency }, () => new Worker(src, { eval: true }));
  try {
    const per = Math.ceil(count / concurrency);
    const start = performance.now();
    await Promise.all(workers.map((w) => new Promise<void>((resolve) => {
      let left = per;
      w.on('message', () => { if (--left === 0) resolve(); else w.postMessage({ kind: 'LaunchTask', taskId: left }); });
      w.postMessage({ kind: 'LaunchTask', taskId: left });
    })));
    return (per * concurrency) / ((performance.now() - start) / 1000);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** Raw nats.js request/reply round trips from here to `concurrency` responders in another process. */
async function rawNatsRoundTripsPerSecond(url: string, count: number, concurrency: number): Promise<number> {
  const script = `
    const { connect } = await import(${JSON.stringify(import.meta.resolve('@nats-io/transport-node'))});
    for (let i = 0; i < ${concurrency}; i++) {
      const nc = await connect({ servers: ${JSON.stringify(url)} });
      nc.subscribe('bench.core.rr.' + i, { callback: (_e, m) => m.respond(m.data) });
      await nc.flush();
    }
    process.stdout.write('ready\\n');
    process.stdin.on('end', () => process.exit(0)); process.stdin.resume();`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.once('data', () => resolve());
      child.once('exit', (c) => reject(new Error(`nats responder exited ${c}`)));
    });
    const nc = await natsConnect({ servers: url });
    const per = Math.ceil(count / concurrency);
    const payload = new Uint8Array(256);
    const start = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async (_, i) => {
      for (let k = 0; k < per; k++) await nc.request(`bench.core.rr.${i}`, payload, { timeout: 10_000 });
    }));
    const rate = (per * concurrency) / ((performance.now() - start) / 1000);
    await nc.close();
    return rate;
  } finally {
    child.stdin.end();
    child.kill();
  }
}

/** MB/s of one raw loopback TCP stream of `bytes` into a sink in another process. */
async function rawTcpMBps(bytes: number): Promise<number> {
  const script = `
    const net = require('node:net');
    const s = net.createServer((c) => { let n = 0; c.on('data', (d) => { n += d.length; if (n >= ${bytes}) c.end('k'); }); });
    s.listen(0, '127.0.0.1', () => process.stdout.write(String(s.address().port) + '\\n'));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<number>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
    const chunk = Buffer.alloc(MiB, 7);
    const start = performance.now();
    await new Promise<void>((resolve, reject) => {
      const sock = connect(port, '127.0.0.1');
      sock.on('error', reject);
      sock.on('data', () => { sock.destroy(); resolve(); });
      let sent = 0;
      const pump = (): void => {
        while (sent < bytes) {
          sent += chunk.length;
          if (!sock.write(chunk)) { sock.once('drain', pump); return; }
        }
      };
      sock.on('connect', pump);
    });
    return bytes / 1e6 / ((performance.now() - start) / 1000);
  } finally {
    child.kill();
  }
}

/** Seconds for a shuffle of `bytes` in 64 KiB records: generated on executors, repartitioned, counted. */
async function shuffleSeconds(sc: SparkContext, bytes: number, partitions: number): Promise<number> {
  const recordSize = 64 * 1024;
  const records = Math.ceil(bytes / recordSize);
  const perMap = Math.ceil(records / partitions);
  const maps = sc.parallelize(Array.from({ length: partitions }, (_, i) => i), partitions)
    .flatMap((_i, { perMap, recordSize }) => {
      const out: Uint8Array[] = [];
      for (let r = 0; r < perMap; r++) out.push(new Uint8Array(recordSize).fill(r & 255));
      return out;
    }, { perMap, recordSize });
  const start = performance.now();
  const n = await maps.repartition(partitions).count();
  if (n !== perMap * partitions) throw new Error(`shuffle counted ${n} records, expected ${perMap * partitions}`);
  return (performance.now() - start) / 1000;
}

async function localFigures(o: Options): Promise<Figure[]> {
  const sc = await SparkContext.create({ master: 'local[2]', appName: 'bench-core-local' });
  try {
    await emptyTasksSeconds(sc, 1000); // warm-up: JIT, executor registration
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < o.trials; i++) {
      ours.push(o.tasks / (await emptyTasksSeconds(sc, o.tasks)));
      theirs.push(await rawWorkerRoundTripsPerSecond(o.tasks, 2));
      log(o, `  local trial ${i + 1}: ${ours[i].toFixed(0)} tasks/s vs ${theirs[i].toFixed(0)} raw round trips/s`);
    }
    return [{
      metric: 'empty_tasks_local', label: `${o.tasks} empty tasks, local[2]`, unit: 'tasks/s', ours: median(ours), theirs: median(theirs),
      better: 'higher', peer: 'raw worker-thread round trips',
    }];
  } finally {
    await sc.stop();
  }
}

async function clusterFigures(o: Options): Promise<Figure[]> {
  let cluster: TestCluster | undefined;
  let sc: SparkContext | undefined;
  try {
    cluster = await startTestCluster({ nodes: 0 });
    for (let i = 0; i < o.nodes; i++) cluster.startNode(`bench-n${i + 1}`, ['--executors', '1', '--executor-memory', '3g']);
    await cluster.waitForStatus(`${o.nodes} executors`, (s) => s.executors.length === o.nodes, 60_000);
    sc = await SparkContext.create({ master: cluster.nats.url, appName: 'bench-core-cluster' });
    const deadline = Date.now() + 30_000;
    while (sc.executors().length < o.nodes && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    await emptyTasksSeconds(sc, 1000);
    const tasksOurs: number[] = [];
    const tasksTheirs: number[] = [];
    const shuffleOurs: number[] = [];
    const shuffleTheirs: number[] = [];
    for (let i = 0; i < o.trials; i++) {
      tasksOurs.push(o.tasks / (await emptyTasksSeconds(sc, o.tasks)));
      tasksTheirs.push(await rawNatsRoundTripsPerSecond(cluster.nats.url, o.tasks, o.nodes));
      log(o, `  cluster trial ${i + 1}: ${tasksOurs[i].toFixed(0)} tasks/s vs ${tasksTheirs[i].toFixed(0)} raw nats.js round trips/s`);
    }
    for (let i = 0; i < o.trials; i++) {
      shuffleOurs.push(o.shuffleBytes / 1e6 / (await shuffleSeconds(sc, o.shuffleBytes, o.nodes * 4)));
      shuffleTheirs.push(await rawTcpMBps(o.shuffleBytes));
      log(o, `  shuffle trial ${i + 1}: ${shuffleOurs[i].toFixed(0)} MB/s vs ${shuffleTheirs[i].toFixed(0)} MB/s raw TCP`);
    }
    return [
      { metric: 'empty_tasks_cluster', label: `${o.tasks} empty tasks, ${o.nodes}-node cluster`, unit: 'tasks/s', ours: median(tasksOurs), theirs: median(tasksTheirs), better: 'higher', peer: 'raw nats.js request/reply' },
      { metric: 'shuffle_throughput', label: `${(o.shuffleBytes / 1024 / MiB).toFixed(2)} GiB shuffle, ${o.nodes} nodes`, unit: 'MB/s', ours: median(shuffleOurs), theirs: median(shuffleTheirs), better: 'higher', peer: 'raw loopback TCP', aim: { ratio: 0.5 } },
    ];
  } finally {
    await sc?.stop().catch(() => undefined);
    await cluster?.stop();
  }
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const watchdog = setTimeout(() => { process.stderr.write('bench:core watchdog: over 20 minutes, giving up\n'); process.exit(2); }, 20 * 60_000);
  watchdog.unref();
  log(o, 'local mode…');
  const figures = await localFigures(o);
  if (!o.skipCluster) {
    log(o, `${o.nodes}-node cluster…`);
    figures.push(...await clusterFigures(o));
  }
  if (o.json) for (const f of figures) process.stdout.write(`${JSON.stringify(toJsonLine(BENCH, f))}\n`);
  else process.stdout.write(formatTable(figures, 'ours (flint)'));
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:core failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
