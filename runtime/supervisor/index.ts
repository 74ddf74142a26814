// Supervisor: restart policies as data, the per-child lifecycle machine, and the process supervisor
// that starts, restarts and stops a node's executor processes.
export {
  DEFAULT_RESTART_POLICY, restartPolicy, decide, backoffBase, freshHistory, markStarted,
  type RestartPolicy, type RestartHistory, type RestartDecision,
} from './restart-policy.js';
export {
  DEFAULT_DRIVER_MAX_RETRIES, DEFAULT_DRIVER_RETRY_INTERVAL_MS, parseDriverRestartPolicy, decideDriverRestart,
  type DriverRestartPolicy, type DriverRestartKind, type DriverRestartFlags, type DriverExit, type DriverRestartDecision,
} from './driver-restart-policy.js';
export {
  startChild, step, isTerminal,
  type ChildState, type ChildStateKind, type ChildInput, type ChildCommand, type ChildContext, type Transition,
} from './child-lifecycle.js';
export type { SupervisorEvent, SupervisorEventKind, SupervisorListener } from './supervisor-events.js';
export {
  ProcessSupervisor,
  type ChildSpec, type ChildSnapshot, type ProcessSupervisorOptions, type StopOptions,
} from './process-supervisor.js';
