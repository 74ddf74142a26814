// The TTY progress bar of a running application, Spark's `[Stage 3:=====>    (12 + 4) / 200]`:
// follows a SparkContext's listener events and redraws one line on stderr every 200 ms, showing
// stages that have run for at least 500 ms. Off when stderr is not a terminal or
// spark.ui.showConsoleProgress is false. Never throws into the listener bus.
import { systemClock, type Clock, type TimerHandle } from '../../common/index.js';
import { applyProgressEvent, renderProgress, type ProgressEvent, type ProgressState } from './progress-bar.js';
import { showConsoleProgress } from './submit-config.js';

/** What the bar needs of a SparkContext (structural, so it also fits test doubles). */
export interface ProgressSource {
  onEvent(listener: (event: ProgressEvent) => void): () => void;
  readonly conf?: { getRaw(key: string): string | undefined };
}

/** Where the bar draws: process.stderr by default. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

export interface ConsoleProgressOptions {
  readonly stream?: ProgressStream;
  readonly clock?: Clock;
  /** Redraw period (default 200 ms, as Spark). */
  readonly updateIntervalMs?: number;
  /** A stage shows once it has run this long (default 500 ms, as Spark), so short jobs draw nothing. */
  readonly firstDelayMs?: number;
}

export interface ConsoleProgress {
  /** Stops following events and erases the bar. Idempotent. */
  stop(): void;
}

const NONE: ConsoleProgress = { stop() {} };

/**
 * Draws the progress bar of `sc`'s jobs on stderr while they run; returns the handle that stops it.
 * Does nothing (and returns a no-op handle) unless stderr is a TTY and spark.ui.showConsoleProgress
 * is true (the default).
 */
export function consoleProgress(sc: ProgressSource, options: ConsoleProgressOptions = {}): ConsoleProgress {
  const stream = options.stream ?? process.stderr;
  if (!stream.isTTY || !enabled(sc)) return NONE;
  const clock = options.clock ?? systemClock;
  const firstDelayMs = options.firstDelayMs ?? 500;
  let state: ProgressState = new Map();
  let drawn = '';
  let timer: TimerHandle | undefined;
  let stopped = false;

  const write = (text: string): void => {
    try {
      stream.write(text);
    } catch {
      // A closed terminal: nothing to draw on.
    }
  };
  const clear = (): void => {
    if (drawn === '') return;
    write(`\r${' '.repeat(drawn.length)}\r`);
    drawn = '';
  };
  const redraw = (): void => {
    const now = clock.monotonic();
    const shown = [...state.values()].filter((s) => now - s.submittedAt >= firstDelayMs);
    const line = renderProgress(shown, Math.max(40, (stream.columns ?? 80) - 1));
    if (line === drawn) return;
    if (line === '') { clear(); return; }
    // Pad over the longer previous line instead of clearing first, which flickers.
    write(`\r${line.padEnd(drawn.length)}`);
    drawn = line;
  };
  const unsubscribe = sc.onEvent((event) => {
    if (stopped) return;
    try {
      state = applyProgressEvent(state, event, clock.monotonic());
      // A finished job's line goes away at once (Spark's finishAll) rather than at the next tick.
      if (event.kind === 'JobEnd' && state.size === 0) clear();
      if (state.size > 0 && timer === undefined) timer = clock.setInterval(redraw, options.updateIntervalMs ?? 200);
      if (state.size === 0 && timer !== undefined) { timer.cancel(); timer = undefined; clear(); }
    } catch {
      // The bar is cosmetic: a malformed event must not reach the listener bus.
    }
  });
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      unsubscribe();
      timer?.cancel();
      clear();
    },
  };
}

function enabled(sc: ProgressSource): boolean {
  const raw = sc.conf?.getRaw(showConsoleProgress.key);
  if (raw === undefined) return showConsoleProgress.default;
  try {
    return showConsoleProgress.parse(raw);
  } catch {
    return showConsoleProgress.default;
  }
}
