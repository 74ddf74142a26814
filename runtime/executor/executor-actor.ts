// The executor actor: one per executor process, at `user/executor`, speaking executorProtocol
// (task-protocol.ts). A thin shell over ExecutorBackend: tasks run detached from the mailbox, so the
// actor answers pings, registrations and kills while tasks compute.
import { EngineError, ErrorCode, assertNever } from '../../common/index.js';
import type { Props } from '../actors/index.js';
import type { ExecutorBackend } from './executor-backend.js';
import { executorProtocol, type ExecutorMessage } from './task-protocol.js';

export { executorProtocol, type ExecutorMessage } from './task-protocol.js';

export const EXECUTOR_ACTOR_NAME = 'executor';
export const EXECUTOR_PATH = 'user/executor';

/** What Ping answers: which executor process this is. */
export interface ExecutorIdentity {
  readonly executorId: string;
  readonly nodeId: string;
  readonly pid: number;
  readonly startedAt: number;
}

const isRef = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && typeof (v as { node?: unknown }).node === 'string' && typeof (v as { path?: unknown }).path === 'string';

export function executorProps(identity: ExecutorIdentity, backend: ExecutorBackend): Props<ExecutorMessage> {
  return {
    protocol: executorProtocol,
    create: () => ({
      async receive(ctx, msg) {
        switch (msg.kind) {
          case 'Ping':
            ctx.reply(identity);
            return;
          case 'RegisterApplication':
            if (typeof msg.appId !== 'string' || !isRef(msg.driver)) {
              ctx.replyError(new EngineError(ErrorCode.BadMessage, 'RegisterApplication needs an appId and a driver ref'));
              return;
            }
            ctx.reply(backend.registerApplication(msg.appId, msg.driver));
            return;
          case 'LaunchTask':
            backend.launchTask(msg.task);
            return;
          case 'StageBinary':
            backend.stageBinary(msg);
            return;
          case 'LaunchStageTask':
            backend.launchStageTask(msg.task);
            return;
          case 'DropStageBinaries':
            backend.dropStageBinaries(msg.appId, msg.stages);
            return;
          case 'KillTask':
            backend.killTask(msg.appId, msg.taskId, msg.reason);
            return;
          case 'RemoveBlocks':
            // Awaited so a later message of the application (a re-run) sees the blocks gone.
            await backend.removeBlocks(msg).catch((err: unknown) => ctx.log.warn({ err, app: msg.appId }, 'removing blocks failed'));
            return;
          case 'ApplicationEnded':
            await backend.endApplication(msg.appId).catch((err: unknown) => ctx.log.warn({ err, app: msg.appId }, 'dropping an application failed'));
            return;
          default:
            assertNever(msg, 'executor message');
        }
      },
    }),
  };
}
