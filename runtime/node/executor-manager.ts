// Runs a node's executors as supervised child processes (restart with bounded, jittered backoff)
// and reports the running ones for heartbeats. Credentials reach children through their
// environment, never their arguments (which `ps` shows).
import { newId, type Logger } from '../../common/index.js';
import type { ExecutorInfo, ExecutorOrigin } from '../master/index.js';
import { ProcessSupervisor, type RestartPolicy, type SupervisorListener } from '../supervisor/index.js';

export interface ExecutorLaunch {
  readonly cores: number;
  readonly memoryBytes: number;
  readonly executorId?: string;
  /** Default `node` (the `--executors` baseline); `autoscaler` when the Master asked for it. */
  readonly launchedBy?: ExecutorOrigin;
}

export interface ExecutorManagerOptions {
  readonly nodeId: string;
  /** Absolute path of the Node.js binary. */
  readonly command: string;
  /** The executor entry script and the arguments every executor gets (master URL, cluster, TLS files). */
  readonly entryArgs: readonly string[];
  /** Environment for children (credentials live here). */
  readonly env?: Readonly<Record<string, string>>;
  readonly logger: Logger;
  readonly policy?: Partial<RestartPolicy>;
}

export class ExecutorManager {
  private readonly supervisor: ProcessSupervisor;
  private readonly launched = new Map<string, ExecutorLaunch & { readonly executorId: string }>();
  /** The pid each executor last reported ready from; a restarted process must report again. */
  private readonly readyPids = new Map<string, number>();

  constructor(private readonly options: ExecutorManagerOptions) {
    this.supervisor = new ProcessSupervisor({ logger: options.logger.child({ component: 'executors' }) });
  }

  /** Starts one executor process; it is restarted if it crashes, per the restart policy. */
  launch(launch: ExecutorLaunch): string {
    const executorId = launch.executorId ?? newId(`${this.options.nodeId}-exec`, 6);
    this.launched.set(executorId, { ...launch, executorId });
    this.supervisor.start({
      id: executorId,
      command: this.options.command,
      args: [
        ...this.options.entryArgs,
        '--executor-id', executorId, '--node-id', this.options.nodeId,
        '--cores', String(launch.cores), '--memory', String(launch.memoryBytes),
      ],
      env: this.options.env,
      policy: this.options.policy,
    });
    return executorId;
  }

  /** An executor process reported that it listens on its actor address. */
  markReady(executorId: string, pid: number): void {
    if (this.launched.has(executorId)) this.readyPids.set(executorId, pid);
  }

  /** Stops one executor for good (no restart); unknown ids resolve at once. */
  async stop(executorId: string, graceMs = 5000): Promise<void> {
    if (!this.launched.has(executorId)) return;
    // Forget readiness first: from now on heartbeats no longer list it, while it exits gracefully.
    this.readyPids.delete(executorId);
    await this.supervisor.stop(executorId, { graceMs });
    this.launched.delete(executorId);
    this.readyPids.delete(executorId);
  }

  async stopAll(graceMs = 5000): Promise<void> {
    await this.supervisor.stopAll({ graceMs });
    this.launched.clear();
    this.readyPids.clear();
  }

  on(listener: SupervisorListener): () => void {
    return this.supervisor.on(listener);
  }

  /** Running executors that reported ready from their current process, as heartbeats report them. */
  running(): ExecutorInfo[] {
    const out: ExecutorInfo[] = [];
    for (const child of this.supervisor.list()) {
      const launch = this.launched.get(child.id);
      if (!launch || child.state !== 'running' || child.pid === undefined || this.readyPids.get(child.id) !== child.pid) continue;
      out.push({
        id: child.id, nodeId: this.options.nodeId, cores: launch.cores, memoryBytes: launch.memoryBytes, address: `${child.id}/user/executor`,
        launchedBy: launch.launchedBy ?? 'node',
      });
    }
    return out;
  }

  /** Every supervised executor with its pid and state (for logs and tests). */
  list(): ReturnType<ProcessSupervisor['list']> {
    return this.supervisor.list();
  }
}
