// The receiving process of the actor messaging benchmark: a raw nats.js subscriber and responder,
// and an actor system over NatsTransport with a counting sink and an echo actor. It reports counts
// over the control subjects and exits on `quit`, when its stdin closes (the sender died) or when
// the server goes away. Run by actors-bench.ts: `node dist/bench/actors/peer.js --url nats://…`.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { silentLogger } from '../../common/index.js';
import { ActorSystem, type Behavior } from '../../runtime/actors/index.js';
import { NatsTransport } from '../../runtime/transport/index.js';
import {
  CLUSTER, ControlSubject, PEER_NODE, RawSubject, READY_LINE, decodeJson, echoProtocol, encodeJson, sinkProtocol,
  type Arm, type Armed, type Expect, type EchoMsg, type PeerStats, type Progress, type Side, type SinkMsg,
} from './bench-protocol.js';

interface Counter {
  trial: number;
  received: number;
  bytes: number;
  expected: number;
  progressEvery: number;
}

interface PeerArgs {
  readonly url: string;
  readonly sinkMailbox: number;
}

function parseArgs(argv: readonly string[]): PeerArgs {
  let url: string | undefined;
  let sinkMailbox = 1000;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--url') url = argv[++i];
    else if (argv[i] === '--sink-mailbox') sinkMailbox = Number(argv[++i]);
    else throw new Error(`bench peer: unknown argument ${argv[i]}`);
  }
  if (!url) throw new Error('bench peer: --url is required');
  if (!Number.isInteger(sinkMailbox) || sinkMailbox < 1) throw new Error('bench peer: --sink-mailbox must be a positive integer');
  return { url, sinkMailbox };
}

function newCounter(): Counter {
  return { trial: 0, received: 0, bytes: 0, expected: 0, progressEvery: 1 };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const control = await connect({ servers: args.url, name: 'bench-peer-control' });
  const raw = await connect({ servers: args.url, name: 'bench-peer-raw' });
  const transport = await NatsTransport.connect({ servers: args.url, cluster: CLUSTER, name: 'bench-peer-actors', logger: silentLogger() });
  const system = new ActorSystem({ nodeId: PEER_NODE, transport, logger: silentLogger() });
  const counters: Record<Side, Counter> = { raw: newCounter(), actor: newCounter() };

  const progress = (side: Side, c: Counter): void => {
    const p: Progress = { trial: c.trial, side, received: c.received, bytes: c.bytes };
    control.publish(ControlSubject.progress, encodeJson(p));
  };

  // Raw baseline: count, and report every `progressEvery` messages (the same work as the sink).
  raw.subscribe(RawSubject.data, {
    callback: (_err, m) => {
      const c = counters.raw;
      c.received++;
      c.bytes += m.data.length;
      if (c.received % c.progressEvery === 0 || c.received === c.expected) progress('raw', c);
    },
  });
  raw.subscribe(RawSubject.echo, { callback: (_err, m) => { m.respond(m.data); } });

  const sink: Behavior<SinkMsg> = {
    receive(_ctx, msg) {
      const c = counters.actor;
      c.received++;
      c.bytes += msg.payload.byteLength;
      if (c.received % c.progressEvery === 0 || c.received === c.expected) progress('actor', c);
    },
  };
  const echo: Behavior<EchoMsg> = {
    receive(ctx, msg) { ctx.reply(msg.payload); },
  };
  system.spawn('sink', { protocol: sinkProtocol, create: () => sink, mailbox: { capacity: args.sinkMailbox } });
  system.spawn('echo', { protocol: echoProtocol, create: () => echo });

  let quitting: Promise<void> | undefined;
  const shutdown = (code: number): Promise<void> => {
    quitting ??= (async () => {
      await system.terminate().catch(() => undefined);
      await transport.close().catch(() => undefined);
      await raw.close().catch(() => undefined);
      await control.close().catch(() => undefined);
      process.exit(code);
    })();
    return quitting;
  };

  control.subscribe(ControlSubject.arm, {
    callback: (_err, m) => {
      const arm = decodeJson<Arm>(m.data);
      counters[arm.side] = { trial: arm.trial, received: 0, bytes: 0, expected: 0, progressEvery: Math.max(1, arm.progressEvery) };
      const armed: Armed = { side: arm.side, ok: true };
      m.respond(encodeJson(armed));
    },
  });
  control.subscribe(ControlSubject.expect, {
    callback: (_err, m) => {
      const e = decodeJson<Expect>(m.data);
      const c = counters[e.side];
      const known = c.trial === e.trial;
      if (known) c.expected = e.expected;
      const armed: Armed = { side: e.side, ok: known };
      m.respond(encodeJson(armed));
      // Everything may have arrived already; otherwise the counting callback reports at `expected`.
      if (known && c.received >= c.expected) progress(e.side, c);
    },
  });
  control.subscribe(ControlSubject.stats, {
    callback: (_err, m) => {
      const metrics = system.metrics();
      const stats: PeerStats = {
        raw: { received: counters.raw.received, bytes: counters.raw.bytes },
        actor: { received: counters.actor.received, bytes: counters.actor.bytes },
        deadLetters: metrics.deadLetters,
        mailboxFull: metrics.mailboxFull,
        rejected: metrics.badMessages + metrics.unknownTypes + metrics.futureVersions,
      };
      m.respond(encodeJson(stats));
    },
  });
  control.subscribe(ControlSubject.quit, {
    callback: (_err, m) => {
      m.respond(encodeJson({}));
      void control.flush().then(() => shutdown(0), () => shutdown(0));
    },
  });

  // An orphaned peer (the sender crashed) or a vanished server must not linger.
  process.stdin.on('end', () => { void shutdown(1); });
  process.stdin.resume();
  for (const nc of [control, raw, transport.connection] as NatsConnection[]) {
    void nc.closed().then(() => { if (!quitting) void shutdown(1); });
  }

  await Promise.all([control.flush(), raw.flush(), transport.flush()]);
  process.stdout.write(`${READY_LINE}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench peer failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
