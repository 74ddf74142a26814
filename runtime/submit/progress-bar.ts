// The console progress bar's pure parts (Spark's ConsoleProgressBar): which stages are active, from
// listener events, and how they render: `[Stage 3:=====>        (12 + 4) / 200]`.

/** What the bar keeps of one active stage attempt. */
export interface StageProgress {
  readonly stageId: number;
  readonly attempt: number;
  readonly numTasks: number;
  readonly completed: number;
  readonly running: number;
  /** When it was submitted (ms): Spark shows a stage only after it has run for a while. */
  readonly submittedAt: number;
}

/** Active stages by `stageId:attempt`. */
export type ProgressState = ReadonlyMap<string, StageProgress>;

/**
 * The events the bar reads (the driver's StageSubmitted, TaskStart, TaskEnd, StageCompleted, JobEnd),
 * typed loosely on purpose: anything else, or a field of the wrong type, is ignored.
 */
export interface ProgressEvent {
  readonly kind: string;
}

function field(event: ProgressEvent, name: string): unknown {
  return (event as unknown as Record<string, unknown>)[name];
}

const key = (stageId: number, attempt: number): string => `${stageId}:${attempt}`;

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Applies one listener event to the active stages (pure; returns the same map when nothing changed). */
export function applyProgressEvent(state: ProgressState, event: ProgressEvent, now: number): ProgressState {
  const stageId = num(field(event, 'stageId'));
  if (stageId === undefined) return state;
  // TaskStart/TaskEnd name the stage attempt `stageAttempt`; stage events name it `attempt`.
  const attempt = num(field(event, event.kind === 'TaskStart' || event.kind === 'TaskEnd' ? 'stageAttempt' : 'attempt')) ?? 0;
  const k = key(stageId, attempt);
  const stage = state.get(k);
  const next = new Map(state);
  switch (event.kind) {
    case 'StageSubmitted':
      next.set(k, { stageId, attempt, numTasks: num(field(event, 'numTasks')) ?? 0, completed: 0, running: 0, submittedAt: now });
      return next;
    case 'StageCompleted':
      if (!stage) return state;
      next.delete(k);
      return next;
    case 'TaskStart':
      if (!stage) return state;
      next.set(k, { ...stage, running: stage.running + 1 });
      return next;
    case 'TaskEnd':
      if (!stage) return state;
      next.set(k, {
        ...stage,
        running: Math.max(0, stage.running - 1),
        completed: field(event, 'reason') === 'success' ? Math.min(stage.numTasks, stage.completed + 1) : stage.completed,
      });
      return next;
    default:
      return state;
  }
}

/**
 * One line for the stages shown (at most 3, oldest first), `width` columns wide in all; each stage
 * gets an equal share. Empty when there is nothing to show.
 */
export function renderProgress(stages: readonly StageProgress[], width: number): string {
  const shown = [...stages].sort((a, b) => a.stageId - b.stageId || a.attempt - b.attempt).slice(0, 3);
  if (shown.length === 0) return '';
  const share = Math.floor(width / shown.length);
  return shown.map((s) => renderStage(s, share)).join('');
}

function renderStage(s: StageProgress, width: number): string {
  const header = `[Stage ${s.stageId}${s.attempt > 0 ? ` (retry ${s.attempt})` : ''}:`;
  const tailer = `(${s.completed} + ${s.running}) / ${s.numTasks}]`;
  const barWidth = width - header.length - tailer.length;
  if (barWidth <= 0) return `${header}${tailer}`;
  const done = s.numTasks > 0 ? Math.floor((barWidth * s.completed) / s.numTasks) : 0;
  const bar = done >= barWidth ? '='.repeat(barWidth) : `${'='.repeat(done)}>${' '.repeat(barWidth - done - 1)}`;
  return `${header}${bar}${tailer}`;
}
