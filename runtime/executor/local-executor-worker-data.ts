// What a local-mode driver hands each executor worker thread (`workerData.data`); plain, cloneable.

export interface LocalExecutorData {
  readonly cores: number;
  readonly memoryBytes: number;
  /** The application's settings (spark.local.dir, memory fractions, …) as strings. */
  readonly conf?: Readonly<Record<string, string>>;
}
