// The port through which the autoscaler gets and gives back executors. Implementations: local
// processes started by node agents (local-process-provider.ts); Kubernetes pods later.

/** What one executor gets. */
export interface ExecutorSpec {
  readonly cores: number;
  readonly memoryBytes: number;
}

export interface ExecutorProvider {
  /**
   * Starts `count` executors; resolves with the ids of those started (possibly fewer, when part of
   * the request failed) and rejects only when none could be. Not retried: a lost answer may leave
   * executors running, which the autoscaler sees in heartbeats and releases once idle.
   */
  launch(count: number, spec: ExecutorSpec): Promise<readonly string[]>;
  /** Stops one executor; resolves once the stop is under way (unknown ids resolve: already gone). */
  release(executorId: string): Promise<void>;
}
