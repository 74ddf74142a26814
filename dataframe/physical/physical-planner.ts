// The physical planner of this slice: compiles an analysed logical plan to RDDs, fusing runs of
// filters and projections into one vectorized fragment per partition. Aggregates are partial per
// partition → groupByKey shuffle → final; joins cogroup rows keyed by the join keys (a shuffled hash
// join); sort is sortByKey on order-preserving keys (range partitioning, sampled bounds), and a limit
// over a sort is a top-n per partition, then of their union; distinct is reduceByKey on whole-row keys.
import { EngineError, ErrorCode, assertNever } from '../../common/index.js';
import type { RDD, SparkContext } from '../../runtime/context/index.js';
import type { BoundExpression } from '../expressions/index.js';
import { castTo, resolveExpression } from '../expressions/index.js';
import type { AggregateOutput, LogicalPlan } from '../plan/index.js';
import { resolveAggregate, resolveCondition, resolveJoin, resolveProjection, resolveUnion, schemaOf } from '../plan/index.js';
import type { StructTypeData } from '../types/index.js';
import { sameType } from '../types/index.js';
import { toPlainData } from './plain-data.js';
import { STAGE_RUNNER_URL } from './stage-entry.js';
import type { BatchOp, FragmentSink, SortKey, StageTask } from './stage-task.js';

type Rows = RDD<unknown>;

export interface PlannerOptions {
  readonly sc: SparkContext;
  /** Partitions of every shuffle (spark.sql.shuffle.partitions). */
  readonly shufflePartitions: number;
}

/** Rows of `inputSchema` still to go through `ops` (fused into the next fragment). */
interface Pending { readonly rdd: Rows; readonly inputSchema: StructTypeData; readonly ops: readonly BatchOp[] }

/** Runs `task` on every partition of `rdd` in the executors. */
function stage(rdd: Rows, task: StageTask): Rows {
  // The executor awaits a promise from a partition function (its typing says Iterable only).
  const run = async (index: number, values: Iterable<unknown>, c: { entry: string; task: unknown }) =>
    (await import(c.entry) as { runStage(t: unknown, i: number, v: Iterable<unknown>): unknown[] }).runStage(c.task, index, values);
  return rdd.mapPartitionsWithIndex(run as unknown as (index: number, values: Iterable<unknown>, c: { entry: string; task: unknown }) => Iterable<unknown>,
    { entry: STAGE_RUNNER_URL, task: toPlainData(task) });
}

function fragment(p: Pending, sink: FragmentSink): Rows {
  return stage(p.rdd, { kind: 'fragment', inputSchema: p.inputSchema, ops: p.ops, sink });
}

/** The RDD of `plan`'s rows (arrays of internal values in schemaOf(plan) order). */
export async function planRdd(plan: LogicalPlan, options: PlannerOptions): Promise<RDD<unknown[]>> {
  const p = await pending(plan, options);
  return (p.ops.length === 0 ? p.rdd : fragment(p, { kind: 'rows' })) as RDD<unknown[]>;
}

async function rows(plan: LogicalPlan, o: PlannerOptions): Promise<Rows> { return planRdd(plan, o); }

// Async because a sort samples its input (a job) to pick range bounds, as Spark's sortByKey does.
async function pending(plan: LogicalPlan, o: PlannerOptions): Promise<Pending> {
  const { sc } = o;
  switch (plan.kind) {
    case 'localRelation': {
      const slices = Math.max(1, Math.min(sc.defaultParallelism, plan.rows.length));
      return { rdd: sc.parallelize(plan.rows, slices) as Rows, inputSchema: plan.schema, ops: [] };
    }
    case 'filter': {
      const c = await pending(plan.child, o);
      return { ...c, ops: [...c.ops, { kind: 'filter', predicate: resolveCondition(plan.condition, schemaOf(plan.child)) }] };
    }
    case 'project': {
      const c = await pending(plan.child, o);
      const r = resolveProjection(plan.exprs, schemaOf(plan.child));
      return { ...c, ops: [...c.ops, { kind: 'project', exprs: r.bound, schema: r.schema }] };
    }
    case 'aggregate': {
      const r = resolveAggregate(plan);
      const global = r.grouping.length === 0;
      const partial = fragment(await pending(plan.child, o), { kind: 'partialAggregate', keys: r.grouping, aggregates: r.aggregates });
      const shuffled = (partial as RDD<[string, unknown]>).groupByKey(global ? 1 : o.shufflePartitions) as Rows;
      const output: AggregateOutput[] = [
        ...r.grouping.map((_, index) => ({ kind: 'group' as const, index })),
        ...r.aggregates.map((_, index) => ({ kind: 'aggregate' as const, index })),
      ];
      const final = stage(shuffled, { kind: 'finalAggregate', aggregates: r.aggregates, output, global });
      // The output expressions run as a projection fused with whatever narrow operators follow.
      return { rdd: final, inputSchema: r.intermediate, ops: [{ kind: 'project', exprs: r.results, schema: r.schema }] };
    }
    case 'sort': {
      const input = schemaOf(plan.child);
      const keys: SortKey[] = plan.orders.map((s) => ({ expr: resolveExpression(s.child, input), direction: s.direction, nulls: s.nulls }));
      const keyed = fragment(await pending(plan.child, o), { kind: 'sortKey', keys }) as RDD<[unknown, unknown]>;
      return source((await keyed.sortByKey(true, o.shufflePartitions)).values() as Rows, input);
    }
    case 'limit': {
      const input = schemaOf(plan.child);
      if (plan.child.kind === 'sort') {
        const s = plan.child;
        const keys: SortKey[] = s.orders.map((x) => ({ expr: resolveExpression(x.child, input), direction: x.direction, nulls: x.nulls }));
        const topPerPartition = fragment(await pending(s.child, o), { kind: 'sort', keys, limit: plan.n });
        return source(sortStage(topPerPartition, input, keys, plan.n), input);
      }
      const perPartition = stage(await rows(plan.child, o), { kind: 'limit', n: plan.n });
      return source(stage(perPartition.coalesce(1), { kind: 'limit', n: plan.n }), input);
    }
    case 'distinct': {
      const keyed = fragment(await pending(plan.child, o), { kind: 'distinctKey' }) as RDD<[string, unknown]>;
      return source(keyed.reduceByKey((a: unknown) => a, o.shufflePartitions).values() as Rows, schemaOf(plan));
    }
    case 'union': {
      const schema = resolveUnion(plan);
      const side = async (child: LogicalPlan): Promise<Rows> => {
        const s = schemaOf(child);
        const casts: BoundExpression[] = s.fields.map((f, i) => castTo({ kind: 'input', ordinal: i, name: f.name, dataType: f.dataType, nullable: f.nullable }, schema.fields[i].dataType));
        const c = await pending(child, o);
        if (s.fields.every((f, i) => sameType(f.dataType, schema.fields[i].dataType, true))) return c.ops.length === 0 ? c.rdd : fragment(c, { kind: 'rows' });
        return fragment({ ...c, ops: [...c.ops, { kind: 'project', exprs: casts, schema }] }, { kind: 'rows' });
      };
      return source((await side(plan.left)).union(await side(plan.right)), schema);
    }
    case 'join': {
      const r = resolveJoin(plan);
      const keepLeft = plan.how === 'left' || plan.how === 'full' || plan.how === 'anti';
      const keepRight = plan.how === 'right' || plan.how === 'full';
      const left = fragment(await pending(plan.left, o), { kind: 'keyBy', keys: r.leftKeys, keepNullKeys: keepLeft }) as RDD<[string, unknown]>;
      const right = fragment(await pending(plan.right, o), { kind: 'keyBy', keys: r.rightKeys, keepNullKeys: keepRight }) as RDD<[string, unknown]>;
      if (r.leftKeys.length === 0) {
        throw new EngineError(ErrorCode.Unsupported, 'a join needs at least one equality between the two sides (cross joins are not supported yet)');
      }
      return source(stage(left.cogroup(right, o.shufflePartitions) as Rows, { kind: 'joinRows', how: plan.how, output: r.output }), r.schema);
    }
    default:
      return assertNever(plan, 'logical plan');
  }
}

function source(rdd: Rows, schema: StructTypeData): Pending { return { rdd, inputSchema: schema, ops: [] }; }

/** The input coalesced to one partition and sorted there, keeping the first `limit` rows. */
function sortStage(input: Rows, schema: StructTypeData, keys: readonly SortKey[], limit: number | null): Rows {
  const one = input.getNumPartitions() === 1 ? input : input.coalesce(1);
  return stage(one, { kind: 'fragment', inputSchema: schema, ops: [], sink: { kind: 'sort', keys, limit } });
}
