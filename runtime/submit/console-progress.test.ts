import t from 'tap';
import { ManualClock } from '../../common/index.js';
import type { SparkContext } from '../context/index.js';
import { consoleProgress, type ConsoleProgress, type ProgressSource } from './console-progress.js';
import type { ProgressEvent } from './progress-bar.js';

/** Driver events as plain records (the real ones are typed per kind). */
type LooseEvent = ProgressEvent & Record<string, unknown>;

function source(conf: Record<string, string> = {}): ProgressSource & { emit(e: LooseEvent): void; listeners: number } {
  const listeners = new Set<(e: ProgressEvent) => void>();
  return {
    conf: { getRaw: (k) => conf[k] },
    onEvent(l) { listeners.add(l); return () => listeners.delete(l); },
    emit(e) { for (const l of listeners) l(e); },
    get listeners() { return listeners.size; },
  };
}

function terminal(isTTY = true) {
  const writes: string[] = [];
  return { isTTY, columns: 61, write: (s: string) => writes.push(s), writes };
}

// SparkContext.create hands itself to consoleProgress: this fails to compile if the shapes drift apart.
export const acceptsSparkContext: (sc: SparkContext) => ConsoleProgress = consoleProgress;

t.test('consoleProgress', async (t) => {
  t.test('draws a stage that has run for 500 ms, redraws every 200 ms, and erases the bar when the job ends', async (t) => {
    const clock = new ManualClock();
    const sc = source();
    const tty = terminal();
    const bar = consoleProgress(sc, { stream: tty, clock });
    sc.emit({ kind: 'StageSubmitted', stageId: 0, attempt: 0, numTasks: 10 });
    sc.emit({ kind: 'TaskStart', stageId: 0, stageAttempt: 0 });
    clock.advance(400);
    t.same(tty.writes, [], 'nothing for a young stage');
    clock.advance(200);
    t.equal(tty.writes.length, 1);
    t.match(tty.writes[0], /^\r\[Stage 0:>\s+\(0 \+ 1\) \/ 10\]$/);
    sc.emit({ kind: 'TaskEnd', stageId: 0, stageAttempt: 0, reason: 'success' });
    clock.advance(200);
    t.match(tty.writes[1], /\(1 \+ 0\) \/ 10\]$/);
    sc.emit({ kind: 'StageCompleted', stageId: 0, attempt: 0 });
    sc.emit({ kind: 'JobEnd', jobId: 0 });
    t.match(tty.writes.at(-1), /^\r +\r$/, 'the line is erased');
    t.equal(clock.pending(), 0, 'no timer while idle');
    bar.stop();
    t.equal(sc.listeners, 0);
  });

  t.test('stays off when stderr is not a terminal or spark.ui.showConsoleProgress is false', async (t) => {
    const clock = new ManualClock();
    for (const [sc, tty] of [[source(), terminal(false)], [source({ 'spark.ui.showConsoleProgress': 'false' }), terminal()]] as const) {
      consoleProgress(sc, { stream: tty, clock });
      t.equal(sc.listeners, 0);
      t.same(tty.writes, []);
    }
  });
});
