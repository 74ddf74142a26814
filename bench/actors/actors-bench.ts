// Actor messaging benchmark (`npm run bench:actors [-- --json]`): across two processes over one
// nats-server it compares actor `tell` throughput with raw nats.js publish→subscribe (16 B and 1 KiB
// bodies) and actor `ask` latency with raw nats.js request/reply, in the same run, raw and actor
// trials alternating; it prints medians and ratios and always stops its server and peer process.
import { cpus, loadavg } from 'node:os';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { silentLogger } from '../../common/index.js';
import { ActorSystem } from '../../runtime/actors/index.js';
import { NatsTransport, encodeEnvelope } from '../../runtime/transport/index.js';
import { startNatsServer } from '../../test/harness/index.js';
import {
  CLUSTER, ControlSubject, RawSubject, SENDER_NODE, echoProtocol, echoRef, encodeJson, sinkProtocol, sinkRef,
  type Data, type Echo, type PeerStats, type Side,
} from './bench-protocol.js';
import { startPeer } from './peer-process.js';
import { ProgressBoard } from './progress-board.js';
import { formatTable, toJsonLine, type Figure } from './report.js';
import { median, percentile } from './stats.js';
import { askTrial, peerStats, tellTrial, type TellResult, type TellSender } from './trials.js';

const BENCH = 'actors';
/** The whole run is aborted (and cleaned up) after this long. */
const WATCHDOG_MS = 170_000;
const TELL_AIM = { ratio: 0.8 };
const ASK_AIM = { ratio: 1.2 };
const ASK_TIMEOUT_MS = 5000;
const ASK_BODY_BYTES = 16;
/** The peer's server-side buffer stays under this many bytes of tell traffic in flight. */
const WINDOW_BYTES = 4 * 1024 * 1024;

interface Options {
  readonly json: boolean;
  readonly trials: number;
  /** Multiplies trial durations and round trips (0.1 for a quick smoke run). */
  readonly scale: number;
  /** Directory for a CPU profile of the peer process (node --cpu-prof). */
  readonly peerCpuProf?: string;
  readonly sinkMailbox?: number;
  /** Run only the tell or only the ask figures (for profiling one path). */
  readonly only?: 'tell' | 'ask';
}

interface TellCase {
  readonly label: string;
  readonly metric: string;
  readonly bytes: number;
  /** Upper bound of one trial's message count. */
  readonly maxMessages: number;
}

const TELL_CASES: readonly TellCase[] = [
  { label: '16 B', metric: '16B', bytes: 16, maxMessages: 2_000_000 },
  { label: '1 KiB', metric: '1KiB', bytes: 1024, maxMessages: 1_000_000 },
];
/** How long each tell trial sends (then the peer drains at most one window). */
const TELL_TRIAL_MS = 1000;
const TELL_WARMUP_MS = 1000;
const ASK_ROUND_TRIPS = 5000;
const ASK_WARMUP = 1000;

function usage(): never {
  process.stderr.write('usage: actors-bench [--json] [--trials N] [--scale X] [--peer-cpu-prof DIR] [--sink-mailbox N] [--only tell|ask]\n');
  process.exit(64);
}

function parseOptions(argv: readonly string[]): Options {
  let json = false;
  let trials = 5;
  let scale = 1;
  let peerCpuProf: string | undefined;
  let sinkMailbox: number | undefined;
  let only: Options['only'];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (a === '--trials') trials = Number(argv[++i]);
    else if (a === '--scale') scale = Number(argv[++i]);
    else if (a === '--peer-cpu-prof') peerCpuProf = argv[++i];
    else if (a === '--sink-mailbox') sinkMailbox = Number(argv[++i]);
    else if (a === '--only') {
      const what = argv[++i];
      if (what !== 'tell' && what !== 'ask') usage();
      only = what;
    } else usage();
  }
  if (!Number.isInteger(trials) || trials < 1 || trials > 21) usage();
  if (!(scale > 0 && scale <= 4)) usage();
  if (sinkMailbox !== undefined && (!Number.isInteger(sinkMailbox) || sinkMailbox < 1)) usage();
  return { json, trials, scale, peerCpuProf, sinkMailbox, only };
}

function windowFor(bytes: number): number {
  return Math.max(4096, Math.min(65_536, Math.floor(WINDOW_BYTES / (bytes + 256))));
}

const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');

/** Runs the cleanups in reverse order once; failures are reported, never thrown. */
class Cleanup {
  private readonly steps: Array<() => Promise<void>> = [];
  private running: Promise<void> | undefined;

  add(step: () => Promise<void>): void { this.steps.push(step); }

  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps.reverse()) {
        try { await step(); } catch (err) { process.stderr.write(`cleanup: ${(err as Error).message}\n`); }
      }
    })();
    return this.running;
  }
}

interface Rig {
  readonly control: NatsConnection;
  readonly raw: NatsConnection;
  readonly transport: NatsTransport;
  readonly system: ActorSystem;
  readonly board: ProgressBoard;
  readonly log: (line: string) => void;
  readonly options: Options;
  trial: number;
}

function describeTell(r: TellResult): string {
  return r.kind === 'completed'
    ? `${fmt(r.messagesPerSecond)} msg/s (${fmt(r.messages)} messages in ${r.elapsedMs.toFixed(0)} ms)`
    : `LOST MESSAGES: ${fmt(r.received)} of ${fmt(r.sent)} sent arrived; ended after ${r.elapsedMs.toFixed(0)} ms`;
}

async function measureTell(rig: Rig, c: TellCase): Promise<Figure> {
  const payload = new Uint8Array(c.bytes).fill(0x5a);
  const msg: Data = { kind: 'Data', payload };
  const senders: Record<Side, TellSender> = {
    raw: { send: () => rig.raw.publish(RawSubject.data, payload), flush: () => rig.raw.flush() },
    actor: { send: () => rig.system.tell(sinkRef, msg), flush: () => rig.transport.flush() },
  };
  const base = { maxMessages: c.maxMessages, window: windowFor(c.bytes), batch: 1000, stallMs: 5000 };
  const results: Record<Side, TellResult[]> = { raw: [], actor: [] };
  for (const side of ['raw', 'actor'] as const) {
    const r = await tellTrial(rig.trial++, side, senders[side], { ...base, durationMs: TELL_WARMUP_MS * rig.options.scale }, rig.control, rig.board);
    rig.log(`tell ${c.label} ${side.padEnd(5)} warm-up: ${describeTell(r)}`);
  }
  for (let t = 0; t < rig.options.trials; t++) {
    const order: readonly Side[] = t % 2 === 0 ? ['raw', 'actor'] : ['actor', 'raw'];
    for (const side of order) {
      const r = await tellTrial(rig.trial++, side, senders[side], { ...base, durationMs: TELL_TRIAL_MS * rig.options.scale }, rig.control, rig.board);
      results[side].push(r);
      rig.log(`tell ${c.label} ${side.padEnd(5)} trial ${t + 1}/${rig.options.trials}: ${describeTell(r)}`);
    }
  }
  const rate = (side: Side): number | null => {
    const ok = results[side].flatMap((r) => (r.kind === 'completed' ? [r.messagesPerSecond] : []));
    return ok.length === 0 ? null : median(ok);
  };
  const lost = (['actor', 'raw'] as const).flatMap((side) => {
    const bad = results[side].filter((r) => r.kind === 'lost');
    if (bad.length === 0) return [];
    const rest = bad.length === results[side].length ? 'no median' : 'median of the others';
    return [`${side === 'raw' ? 'raw' : 'actors'}: ${bad.length}/${results[side].length} trials lost messages (${rest})`];
  });
  return {
    metric: `tell_throughput_${c.metric}`, label: `tell throughput, ${c.label} body`, unit: 'msg/s',
    ours: rate('actor'), theirs: rate('raw'), better: 'higher', aim: TELL_AIM,
    note: lost.length > 0 ? lost.join('; ') : undefined,
  };
}

async function measureAsk(rig: Rig): Promise<Figure[]> {
  const payload = new Uint8Array(ASK_BODY_BYTES).fill(0x5a);
  const msg: Echo = { kind: 'Echo', payload };
  const asks: Record<Side, () => Promise<unknown>> = {
    raw: () => rig.raw.request(RawSubject.echo, payload, { timeout: ASK_TIMEOUT_MS }),
    actor: () => rig.system.ask(echoRef, msg, { timeoutMs: ASK_TIMEOUT_MS }),
  };
  const roundTrips = Math.max(200, Math.round(ASK_ROUND_TRIPS * rig.options.scale));
  const p50: Record<Side, number[]> = { raw: [], actor: [] };
  const p99: Record<Side, number[]> = { raw: [], actor: [] };
  const failures: string[] = [];
  for (const side of ['raw', 'actor'] as const) {
    await askTrial(asks[side], { roundTrips: Math.max(100, Math.round(ASK_WARMUP * rig.options.scale)) });
  }
  for (let t = 0; t < rig.options.trials; t++) {
    const order: readonly Side[] = t % 2 === 0 ? ['raw', 'actor'] : ['actor', 'raw'];
    for (const side of order) {
      try {
        const lat = await askTrial(asks[side], { roundTrips });
        p50[side].push(percentile(lat, 50));
        p99[side].push(percentile(lat, 99));
        rig.log(`ask ${side.padEnd(5)} trial ${t + 1}/${rig.options.trials}: p50 ${percentile(lat, 50).toFixed(0)} µs, p99 ${percentile(lat, 99).toFixed(0)} µs (${roundTrips} round trips)`);
      } catch (err) {
        failures.push(`${side} trial ${t + 1}: ${(err as Error).message}`);
        rig.log(`ask ${side.padEnd(5)} trial ${t + 1}/${rig.options.trials}: FAILED ${(err as Error).message}`);
      }
    }
  }
  const med = (xs: number[]): number | null => (xs.length === 0 ? null : median(xs));
  const note = failures.length > 0 ? `failed trials: ${failures.join('; ')}` : undefined;
  return [
    { metric: 'ask_latency_p50', label: `ask round trip p50, ${ASK_BODY_BYTES} B`, unit: 'µs', ours: med(p50.actor), theirs: med(p50.raw), better: 'lower', aim: ASK_AIM, note },
    { metric: 'ask_latency_p99', label: `ask round trip p99, ${ASK_BODY_BYTES} B`, unit: 'µs', ours: med(p99.actor), theirs: med(p99.raw), better: 'lower', note },
  ];
}

/** Bytes the server carries per tell message for each side (body, plus header block for actors). */
function wireBytes(bytes: number): string {
  const env = encodeEnvelope({ type: 'Data', version: sinkProtocol.version, body: { kind: 'Data', payload: new Uint8Array(bytes) } });
  // The NATS header block: `NATS/1.0\r\n`, `key: value\r\n` per header, `\r\n`.
  const headerBytes = Object.entries(env.headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 12);
  const total = env.body.byteLength + headerBytes;
  return `${bytes} B body: raw ${bytes} B, actors ${total} B (msgpack body ${env.body.byteLength} B + headers ${headerBytes} B)`;
}

async function run(options: Options, cleanup: Cleanup): Promise<void> {
  const log = (line: string): void => { process.stderr.write(`${line}\n`); };
  const server = await startNatsServer({ jetstream: false });
  cleanup.add(() => server.stop());
  const nodeArgs = options.peerCpuProf ? ['--cpu-prof', `--cpu-prof-dir=${options.peerCpuProf}`] : [];
  const sinkMailbox = options.sinkMailbox ?? Math.max(...TELL_CASES.map((c) => windowFor(c.bytes)));
  const peer = await startPeer({ url: server.url, sinkMailbox, nodeArgs, readyTimeoutMs: 15_000 });
  const control = await connect({ servers: server.url, name: 'bench-sender-control' });
  cleanup.add(async () => {
    // Ask the peer to quit (so a CPU profile is written), then make sure it is gone.
    await control.request(ControlSubject.quit, encodeJson({}), { timeout: 2000 }).catch(() => undefined);
    await peer.stop(5000);
    await control.close().catch(() => undefined);
  });
  const raw = await connect({ servers: server.url, name: 'bench-sender-raw' });
  cleanup.add(() => raw.close().catch(() => undefined));
  const transport = await NatsTransport.connect({ servers: server.url, cluster: CLUSTER, name: 'bench-sender-actors', logger: silentLogger() });
  cleanup.add(() => transport.close().catch(() => undefined));
  const system = new ActorSystem({ nodeId: SENDER_NODE, transport, logger: silentLogger() });
  cleanup.add(() => system.terminate());
  system.registerProtocol(sinkProtocol);
  system.registerProtocol(echoProtocol);
  const board = new ProgressBoard(control);
  cleanup.add(async () => board.close());

  const started = new Date();
  const loadAtStart = loadavg()[0];
  log(`actor messaging benchmark: nats-server ${server.url}, peer pid ${peer.pid}, ${options.trials} trials per figure, medians reported`);
  for (const c of TELL_CASES) log(`wire per message, ${wireBytes(c.bytes)}`);
  const rig: Rig = { control, raw, transport, system, board, log, options, trial: 0 };
  const figures: Figure[] = [];
  let stats: PeerStats;
  try {
    if (options.only !== 'ask') for (const c of TELL_CASES) figures.push(await measureTell(rig, c));
    if (options.only !== 'tell') figures.push(...(await measureAsk(rig)));
    stats = await peerStats(control);
  } catch (err) {
    const status = peer.exitStatus();
    throw status === undefined ? err : new Error(`bench peer process ended during the run (${status})`, { cause: err });
  }

  const dropNote = stats.deadLetters + stats.mailboxFull + stats.rejected > 0
    ? `peer actor system dropped messages: ${stats.deadLetters} dead letters (${stats.mailboxFull} mailbox full), ${stats.rejected} refused`
    : undefined;
  for (const f of figures) if (f.note) log(`warning: ${f.label}: ${f.note}`);
  if (dropNote) log(`warning: ${dropNote}`);

  if (options.json) {
    for (const f of figures) process.stdout.write(`${JSON.stringify(toJsonLine(BENCH, f))}\n`);
    return;
  }
  const cores = cpus();
  const load = `load average ${loadAtStart.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end`;
  process.stdout.write(`\nActor messaging (${started.toISOString()}, node ${process.version}, ${cores.length} cores ${cores[0]?.model ?? ''}, ${load}; ${options.trials} trial${options.trials === 1 ? '' : 's'} per figure, medians)\n\n`);
  process.stdout.write(formatTable(figures));
  process.stdout.write('ratio = ours / nats.js raw; tell: higher is better, ask: lower is better.\n');
  if (dropNote) process.stdout.write(`! ${dropNote}\n`);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const cleanup = new Cleanup();
  const abort = (why: string, code: number): void => {
    process.stderr.write(`actors-bench: ${why}; cleaning up\n`);
    void cleanup.run().finally(() => process.exit(code));
  };
  const watchdog = setTimeout(() => abort(`still running after ${WATCHDOG_MS / 1000} s`, 2), WATCHDOG_MS);
  watchdog.unref();
  process.once('SIGINT', () => abort('interrupted', 130));
  process.once('SIGTERM', () => abort('terminated', 143));
  try {
    await run(options, cleanup);
  } catch (err) {
    process.stderr.write(`actors-bench failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 1;
  } finally {
    await cleanup.run();
    clearTimeout(watchdog);
  }
}

void main();
