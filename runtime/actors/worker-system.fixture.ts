// Worker-thread side of worker-thread.test.ts: an actor system in a worker, on a hub linked to the
// main thread's hub through parentPort. It serves `user/echo` and answers asks by asking back.
import { parentPort, workerData } from 'node:worker_threads';
import { silentLogger } from '../../common/index.js';
import { InProcessHub, InProcessTransport } from '../transport/in-process-transport.js';
import { linkHubToPort } from '../transport/worker-bridge.js';
import { ActorSystem } from './actor-system.js';
import type { ActorRef } from './actor-ref.js';
import { defineProtocol } from './protocol.js';

export type EchoMsg =
  | { readonly kind: 'Echo'; readonly text: string }
  | { readonly kind: 'AskBack'; readonly target: ActorRef<EchoMsg>; readonly text: string }
  | { readonly kind: 'Stop' };
export const echoProtocol = defineProtocol<EchoMsg>('worker-echo', 1, { Echo: true, AskBack: true, Stop: true });

if (parentPort) {
  const port = parentPort;
  const hub = new InProcessHub();
  const link = linkHubToPort(hub, port);
  const transport = new InProcessTransport(hub);
  const system = new ActorSystem({ nodeId: (workerData as { nodeId: string }).nodeId, transport, logger: silentLogger() });
  system.spawn<EchoMsg>('echo', {
    protocol: echoProtocol,
    create: () => ({
      async receive(ctx, msg) {
        switch (msg.kind) {
          case 'Echo': ctx.reply({ text: msg.text, from: ctx.self.node, threadBytes: new Uint8Array([1, 2, 3]) }); return;
          case 'AskBack': ctx.reply(await ctx.ask(msg.target, { kind: 'Echo', text: msg.text }, { timeoutMs: 5000 })); return;
          case 'Stop':
            ctx.reply('stopping');
            setImmediate(() => {
              void system.terminate().then(() => transport.close()).then(() => link.close());
            });
            return;
        }
      },
    }),
  });
  port.postMessage({ ready: true });
}
