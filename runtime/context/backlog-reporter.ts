// Dynamic allocation's driver half (Spark's ExecutorAllocationManager reports to the cluster
// manager): tells the Master the application's backlog every second and at once when it changes,
// and that the application ended on stop. Tells, never asks: the Master treats an application
// silent for a while as ended, so a lost report costs nothing.
import type { Conf, TimerHandle } from '../../common/index.js';
import type { ActorSystem } from '../actors/index.js';
import { MASTER_NODE_ID, MASTER_PATH, masterProtocol, type MasterRequest } from '../cluster/cluster-protocol.js';
import { BACKLOG_REPORT_INTERVAL_MS, dynamicAllocationSettings, type DynamicAllocation } from '../master/dynamic-allocation.js';
import type { Backlog } from '../driver/index.js';
import { actorRef } from '../actors/index.js';

export class BacklogReporter {
  private last: Backlog = { pendingTasks: 0, runningTasks: 0, busyExecutors: [], executors: [] };
  private readonly timer: TimerHandle;
  private readonly master = actorRef<MasterRequest>(MASTER_NODE_ID, MASTER_PATH);
  private readonly allocation: DynamicAllocation;

  /** Validates spark.dynamicAllocation.* at once, so a bad setting fails the application at start. */
  constructor(private readonly system: ActorSystem, private readonly appId: string, conf: Conf) {
    this.allocation = dynamicAllocationSettings(conf);
    system.registerProtocol(masterProtocol);
    this.timer = system.clock.setInterval(() => this.send(), BACKLOG_REPORT_INTERVAL_MS);
    this.send();
  }

  /** The driver's backlog changed. */
  update(backlog: Backlog): void {
    this.last = backlog;
    this.send();
  }

  stop(): void {
    this.timer.cancel();
    this.system.tell(this.master, { kind: 'ApplicationEnded', appId: this.appId });
  }

  private send(): void {
    const { pendingTasks, runningTasks, busyExecutors } = this.last;
    this.system.tell(this.master, { kind: 'ReportBacklog', appId: this.appId, pendingTasks, runningTasks, busyExecutors, allocation: this.allocation });
  }
}
