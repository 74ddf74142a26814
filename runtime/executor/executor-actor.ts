// The executor actor: one per executor process, at `user/executor`. Today it answers liveness
// pings with its identity; task launching (the distributed core) extends this protocol.
import { assertNever } from '../../common/index.js';
import { defineProtocol, type Props } from '../actors/index.js';

export const EXECUTOR_ACTOR_NAME = 'executor';
export const EXECUTOR_PATH = 'user/executor';
export const EXECUTOR_PROTOCOL_VERSION = 1;

export type ExecutorMessage = { readonly kind: 'Ping' };

export interface ExecutorIdentity {
  readonly executorId: string;
  readonly nodeId: string;
  readonly pid: number;
  readonly startedAt: number;
}

export const executorProtocol = defineProtocol<ExecutorMessage>('executor', EXECUTOR_PROTOCOL_VERSION, { Ping: true });

export function executorProps(identity: ExecutorIdentity): Props<ExecutorMessage> {
  return {
    protocol: executorProtocol,
    create: () => ({
      receive(ctx, msg) {
        switch (msg.kind) {
          case 'Ping':
            ctx.reply(identity);
            return;
          default:
            assertNever(msg.kind, 'executor message');
        }
      },
    }),
  };
}
