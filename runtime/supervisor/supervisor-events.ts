// What a ProcessSupervisor tells its listeners about each child: one closed union, past tense,
// plain data (ids, pids, codes), so a NodeAgent can forward it to the Master as is.

export type SupervisorEvent =
  | { readonly kind: 'ChildStarted'; readonly id: string; readonly pid: number; readonly attempt: number }
  | { readonly kind: 'ChildSpawnFailed'; readonly id: string; readonly attempt: number; readonly message: string }
  | { readonly kind: 'ChildExited'; readonly id: string; readonly code: number | null; readonly signal: string | null }
  | { readonly kind: 'ChildRestarting'; readonly id: string; readonly delayMs: number; readonly attempt: number }
  | { readonly kind: 'ChildGaveUp'; readonly id: string; readonly reason: string }
  | { readonly kind: 'ChildStopped'; readonly id: string };

export type SupervisorEventKind = SupervisorEvent['kind'];

export type SupervisorListener = (event: SupervisorEvent) => void;
