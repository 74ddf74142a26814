// The DAG scheduler core's state (plain data, replaced per step, never mutated) and the working copy
// a step mutates: shallow copies of the maps it touches, the commands it emits and an output overlay.
import { EngineError, ErrorCode, config } from '../../common/index.js';
import { emptyLineage, type Lineage } from '../rdd/lineage.js';
import type { DagCommand, ListenerEvent } from './dag-commands.js';
import { OverlayMapOutputs, type CacheView, type DagView } from './dag-map-outputs.js';
import type { ChunkedArray } from './dag-chunked-array.js';
import type { ActiveJob } from './job.js';
import type { Stage } from './stage.js';

export const STAGE_MAX_CONSECUTIVE_ATTEMPTS = config.int('spark.stage.maxConsecutiveAttempts', 4,
  'Consecutive fetch-failed attempts of one stage before its jobs are aborted.');

export interface DagConfig {
  readonly maxConsecutiveStageAttempts: number;
  /** Spark's DAGScheduler.RESUBMIT_TIMEOUT: wait for more fetch failures before resubmitting. */
  readonly resubmitDelayMs: number;
}

export function dagConfig(partial: Partial<DagConfig> = {}): DagConfig {
  const c = { maxConsecutiveStageAttempts: STAGE_MAX_CONSECUTIVE_ATTEMPTS.default, resubmitDelayMs: 200, ...partial };
  if (!Number.isInteger(c.maxConsecutiveStageAttempts) || c.maxConsecutiveStageAttempts < 1) {
    throw new EngineError(ErrorCode.Config, `${STAGE_MAX_CONSECUTIVE_ATTEMPTS.key}=${c.maxConsecutiveStageAttempts} must be at least 1`, {
      fields: { key: STAGE_MAX_CONSECUTIVE_ATTEMPTS.key },
    });
  }
  return c;
}

export interface DagState {
  readonly config: DagConfig;
  /** Union of the active jobs' lineages. */
  readonly lineage: Lineage;
  readonly nextStageId: number;
  readonly stages: Readonly<Record<number, Stage>>;
  readonly shuffleToStage: Readonly<Record<number, number>>;
  readonly jobs: Readonly<Record<number, ActiveJob>>;
  /** Executors reported lost: later map completions from them are not registered (ids are never reused). */
  readonly lostExecutors: Readonly<Record<string, true>>;
  /** Per shuffle, map partitions whose accumulator updates were merged: each partition counts once. */
  readonly countedMapPartitions: Readonly<Record<number, ChunkedArray<boolean>>>;
}

export function initialDagState(cfg: DagConfig = dagConfig()): DagState {
  return { config: cfg, lineage: emptyLineage, nextStageId: 0, stages: {}, shuffleToStage: {}, jobs: {}, lostExecutors: {}, countedMapPartitions: {} };
}

/** One step's mutable working copy; `done()` freezes it into the next DagState. */
export class DagWork {
  readonly config: DagConfig;
  lineage: Lineage;
  nextStageId: number;
  readonly stages: Record<number, Stage>;
  readonly shuffleToStage: Record<number, number>;
  readonly jobs: Record<number, ActiveJob>;
  readonly lostExecutors: Record<string, true>;
  readonly countedMapPartitions: Record<number, ChunkedArray<boolean>>;
  readonly commands: DagCommand[] = [];
  readonly outputs: OverlayMapOutputs;
  readonly cache: CacheView | undefined;

  constructor(state: DagState, view: DagView) {
    this.config = state.config;
    this.lineage = state.lineage;
    this.nextStageId = state.nextStageId;
    this.stages = { ...state.stages };
    this.shuffleToStage = { ...state.shuffleToStage };
    this.jobs = { ...state.jobs };
    this.lostExecutors = { ...state.lostExecutors };
    this.countedMapPartitions = { ...state.countedMapPartitions };
    this.outputs = new OverlayMapOutputs(view.mapOutputs);
    this.cache = view.cache;
  }

  stage(id: number): Stage {
    const s = this.stages[id];
    if (s === undefined) throw new EngineError(ErrorCode.Internal, `stage ${id} is not known`, { fields: { stageId: id } });
    return s;
  }

  /** Replaces a stage record with `patch` applied. */
  update(id: number, patch: Partial<Stage>): Stage {
    const next = { ...this.stage(id), ...patch };
    this.stages[id] = next;
    return next;
  }

  emit(command: DagCommand): void {
    this.commands.push(command);
  }

  listen(event: ListenerEvent): void {
    this.commands.push({ kind: 'ListenerEvent', event });
  }

  done(): DagState {
    return {
      config: this.config, lineage: this.lineage, nextStageId: this.nextStageId, stages: this.stages, shuffleToStage: this.shuffleToStage,
      jobs: this.jobs, lostExecutors: this.lostExecutors, countedMapPartitions: this.countedMapPartitions,
    };
  }
}
