import t from 'tap';
import { applyProgressEvent as applyEvent, renderProgress, type ProgressEvent, type ProgressState, type StageProgress } from './progress-bar.js';

/** Driver events as plain records (the real ones are typed per kind). */
const applyProgressEvent = (s: ProgressState, e: ProgressEvent & Record<string, unknown>, now: number): ProgressState => applyEvent(s, e, now);

const stage = (over: Partial<StageProgress> = {}): StageProgress => ({ stageId: 3, attempt: 0, numTasks: 200, completed: 0, running: 0, submittedAt: 0, ...over });

t.test('renderProgress', async (t) => {
  t.test('draws completed tasks as = with an arrow, then (done + running) / total', async (t) => {
    t.equal(renderProgress([stage({ completed: 12, running: 4, numTasks: 40 })], 50), '[Stage 3:========>                  (12 + 4) / 40]');
    t.equal(renderProgress([stage({ completed: 40, numTasks: 40 })], 40).includes('>'), false, 'a full bar has no arrow');
  });
  t.test('splits the width between at most three stages and names retries', async (t) => {
    const line = renderProgress([stage({ stageId: 5 }), stage({ stageId: 4, attempt: 1 }), stage({ stageId: 1 }), stage({ stageId: 9 })], 150);
    t.match(line, /^\[Stage 1:.*\[Stage 4 \(retry 1\):.*\[Stage 5:/);
    t.notMatch(line, /Stage 9/);
  });
  t.test('draws nothing without stages', async (t) => {
    t.equal(renderProgress([], 80), '');
  });
});

t.test('applyProgressEvent', async (t) => {
  t.test('follows a stage from submission through its tasks to completion', async (t) => {
    let s: ProgressState = new Map();
    s = applyProgressEvent(s, { kind: 'StageSubmitted', stageId: 1, attempt: 0, numTasks: 4 }, 100);
    s = applyProgressEvent(s, { kind: 'TaskStart', stageId: 1, stageAttempt: 0 }, 110);
    s = applyProgressEvent(s, { kind: 'TaskStart', stageId: 1, stageAttempt: 0 }, 110);
    s = applyProgressEvent(s, { kind: 'TaskEnd', stageId: 1, stageAttempt: 0, reason: 'success' }, 120);
    s = applyProgressEvent(s, { kind: 'TaskEnd', stageId: 1, stageAttempt: 0, reason: 'failed' }, 120);
    t.same([...s.values()], [{ stageId: 1, attempt: 0, numTasks: 4, completed: 1, running: 0, submittedAt: 100 }]);
    s = applyProgressEvent(s, { kind: 'StageCompleted', stageId: 1, attempt: 0 }, 130);
    t.equal(s.size, 0);
  });
  t.test('ignores unknown events and malformed fields', async (t) => {
    const s: ProgressState = new Map();
    t.equal(applyProgressEvent(s, { kind: 'JobStart', jobId: 1 }, 0), s);
    t.equal(applyProgressEvent(s, { kind: 'TaskStart', stageId: 'x' }, 0), s);
    t.equal(applyProgressEvent(s, { kind: 'TaskEnd', stageId: 7, stageAttempt: 0, reason: 'success' }, 0), s, 'a task of an unknown stage');
  });
});
