// SparkSession: the DataFrame entry point over a SparkContext (PySpark's pyspark.sql.SparkSession).
// `SparkSession.builder` (or `builder()`) configures it; getOrCreate returns the active session, if any.
import { EngineError, ErrorCode } from '../../common/index.js';
import { SparkContext } from '../../runtime/context/index.js';
import type { PlannerOptions } from '../physical/index.js';
import type { StructTypeData } from '../types/index.js';
import { reviveStruct } from '../types/index.js';
import { DataFrame } from './data-frame.js';
import { parseDdlSchema } from './ddl-schema.js';
import { inferSchema, rowNames, rowValues } from './infer-schema.js';
import { toInternalValue } from './row-values.js';
import type { SessionContext } from './session-context.js';

/** Builder settings: spark.master, spark.app.name and any spark.* key. */
export class Builder {
  private readonly settings = new Map<string, string>();

  master(url: string): this { return this.config('spark.master', url); }
  appName(name: string): this { return this.config('spark.app.name', name); }
  config(key: string, value: string | number | boolean): this { this.settings.set(key, String(value)); return this; }

  /** The active session (its settings updated with this builder's spark.sql.* ones), or a new one. */
  async getOrCreate(): Promise<SparkSession> {
    const active = SparkSession.getActiveSession();
    if (active !== null) {
      for (const [k, v] of this.settings) if (k !== 'spark.master' && k !== 'spark.app.name') active.conf.set(k, v);
      return active;
    }
    const conf = Object.fromEntries([...this.settings].filter(([k]) => k !== 'spark.master' && k !== 'spark.app.name'));
    const sc = await SparkContext.create({ master: this.settings.get('spark.master'), appName: this.settings.get('spark.app.name'), conf });
    return SparkSession.fromContext(sc, new Map(this.settings));
  }
}

/** A builder usable both as `SparkSession.builder.master(...)` (PySpark) and `SparkSession.builder().master(...)`. */
export type BuilderAccess = (() => Builder) & Pick<Builder, 'master' | 'appName' | 'config' | 'getOrCreate'>;

function builderAccess(): BuilderAccess {
  const access = (() => new Builder()) as BuilderAccess;
  access.master = (url) => new Builder().master(url);
  access.appName = (name) => new Builder().appName(name);
  access.config = (k, v) => new Builder().config(k, v);
  access.getOrCreate = () => new Builder().getOrCreate();
  return access;
}

/** Runtime settings of a session (PySpark's spark.conf). */
export class RuntimeConfig {
  constructor(private readonly values: Map<string, string>) {}
  get(key: string, defaultValue?: string): string | undefined { return this.values.get(key) ?? defaultValue; }
  set(key: string, value: string | number | boolean): void { this.values.set(key, String(value)); }
  unset(key: string): void { this.values.delete(key); }
}

let active: SparkSession | null = null;

export class SparkSession implements SessionContext {
  readonly conf: RuntimeConfig;
  private stopped = false;

  private constructor(readonly sparkContext: SparkContext, settings: Map<string, string>) {
    this.conf = new RuntimeConfig(settings);
  }

  static get builder(): BuilderAccess { return builderAccess(); }

  /** @internal used by Builder. */
  static fromContext(sc: SparkContext, settings: Map<string, string>): SparkSession {
    active = new SparkSession(sc, settings);
    return active;
  }

  static getActiveSession(): SparkSession | null { return active !== null && !active.stopped ? active : null; }

  plannerOptions(): PlannerOptions {
    const configured = Number(this.conf.get('spark.sql.shuffle.partitions'));
    const shufflePartitions = Number.isInteger(configured) && configured > 0 ? configured : this.sparkContext.defaultParallelism;
    return { sc: this.sparkContext, shufflePartitions };
  }

  /**
   * A DataFrame of local rows: objects (keyed by column name) or arrays (by position). `schema` is a
   * StructType, a DDL string (`'a int, b string'`) or column names (types inferred, as PySpark does).
   */
  createDataFrame(data: readonly unknown[], schema?: StructTypeData | string | readonly string[]): DataFrame {
    this.checkRunning();
    let struct: StructTypeData;
    if (schema === undefined || Array.isArray(schema)) struct = inferSchema(data, schema as readonly string[] | undefined);
    else if (typeof schema === 'string') struct = parseDdlSchema(schema);
    else struct = schema as StructTypeData;
    struct = reviveStruct(struct);
    const byName = schema === undefined || Array.isArray(schema) ? null : struct.fields.map((f) => f.name);
    const rows = data.map((row) => {
      if (byName === null) {
        const vals = rowValues(row, rowNames(row));
        return struct.fields.map((f, i) => toInternalValue(vals[i], f.dataType));
      }
      if (Array.isArray(row) && row.length !== struct.fields.length) {
        throw new EngineError(ErrorCode.InvalidArgument,
          `[LENGTH_SHOULD_BE_THE_SAME] obj and fields should be of the same length, got ${row.length} and ${struct.fields.length}.`,
          { fields: { errorClass: 'LENGTH_SHOULD_BE_THE_SAME' } });
      }
      const vals = rowValues(row, byName);
      return struct.fields.map((f, i) => {
        if ((vals[i] === null || vals[i] === undefined) && !f.nullable) {
          throw new EngineError(ErrorCode.InvalidArgument, `[FIELD_NOT_NULLABLE] Field \`${f.name}\` is not nullable, but got None.`,
            { fields: { errorClass: 'FIELD_NOT_NULLABLE', field: f.name } });
        }
        return toInternalValue(vals[i], f.dataType);
      });
    });
    return new DataFrame(this, { kind: 'localRelation', schema: struct, rows });
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (active === this) active = null;
    await this.sparkContext.stop();
  }

  private checkRunning(): void {
    if (this.stopped) throw new EngineError(ErrorCode.InvalidArgument, 'this SparkSession was stopped');
  }
}
