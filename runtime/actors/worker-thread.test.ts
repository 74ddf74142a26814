import t from 'tap';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { silentLogger } from '../../common/index.js';
import { InProcessHub, InProcessTransport } from '../transport/in-process-transport.js';
import { linkHubToPort } from '../transport/worker-bridge.js';
import { ActorSystem } from './actor-system.js';
import type { ActorRef } from './actor-ref.js';
import { echoProtocol, type EchoMsg } from './worker-system.fixture.js';

/**
 * Starts a worker running a TypeScript module. On Node 20 `execArgv: ['--import', 'tsx']` does not
 * apply tsx's hooks inside a worker, so the worker imports the module through tsx's API instead.
 */
function tsWorker(url: URL, workerData: unknown): Worker {
  const api = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(api)}).then(({ tsImport }) => tsImport(${JSON.stringify(url.href)}, ${JSON.stringify(url.href)}))`;
  return new Worker(code, { eval: true, workerData });
}

t.test('an actor system in a worker thread talks to one in the main thread', async (t) => {
  const hub = new InProcessHub();
  const transport = new InProcessTransport(hub);
  const main = new ActorSystem({ nodeId: 'driver', transport, logger: silentLogger() });
  main.spawn<EchoMsg>('echo', {
    protocol: echoProtocol,
    create: () => ({ receive(ctx, msg) { if (msg.kind === 'Echo') ctx.reply(`main got ${msg.text}`); } }),
  });
  const worker = tsWorker(new URL('./worker-system.fixture.ts', import.meta.url), { nodeId: 'exec-1' });
  // The link shares the worker's message channel; the fixture's own `ready` note is told apart by shape.
  const ready = new Promise<unknown>((resolve) => {
    const onMessage = (m: unknown) => {
      if (typeof m === 'object' && m !== null && 'ready' in m) { worker.off('message', onMessage); resolve(m); }
    };
    worker.on('message', onMessage);
  });
  const link = linkHubToPort(hub, worker);
  t.same(await ready, { ready: true });
  await transport.flush();

  const remote: ActorRef<EchoMsg> = { node: 'exec-1', path: 'user/echo' };
  const reply = await main.ask(remote, { kind: 'Echo', text: 'hello' }, { timeoutMs: 10_000 });
  t.same(reply, { text: 'hello', from: 'exec-1', threadBytes: new Uint8Array([1, 2, 3]) });
  t.equal(
    await main.ask(remote, { kind: 'AskBack', target: { node: 'driver', path: 'user/echo' }, text: 'round trip' }, { timeoutMs: 10_000 }),
    'main got round trip',
    'the worker asks the main thread back',
  );
  t.equal(await main.ask(remote, { kind: 'Stop' }, { timeoutMs: 10_000 }), 'stopping');
  const [code] = await once(worker, 'exit');
  t.equal(code, 0, 'the worker exits by itself once its system and link are closed');
  await link.closed;
  await main.terminate();
  await transport.close();
});
