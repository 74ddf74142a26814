// What a DataFrame needs of its session: how to plan and run its jobs.
import type { PlannerOptions } from '../physical/index.js';

export interface SessionContext {
  plannerOptions(): PlannerOptions;
}
