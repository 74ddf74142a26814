// Worker-thread entry of a local-mode executor: joins the driver's in-process hub, then runs the same
// executor runtime a cluster executor process runs. The executor id is the worker's node id
// (`executor-<i>`), which is also its scheduling host: each worker is its own "machine".
import { Conf, EngineError, ErrorCode } from '../../common/index.js';
import { joinLocalCluster } from '../local/local-mode.js';
import { startExecutorRuntime } from './executor-runtime.js';
import type { LocalExecutorData } from './local-executor-worker-data.js';

function checkData(data: unknown): LocalExecutorData {
  const d = data as Partial<LocalExecutorData> | null;
  if (typeof d !== 'object' || d === null || typeof d.cores !== 'number' || typeof d.memoryBytes !== 'number') {
    throw new EngineError(ErrorCode.InvalidArgument, 'a local executor worker needs workerData.data = { cores, memoryBytes, conf? }');
  }
  return d as LocalExecutorData;
}

const { system, data, ready, onStop } = joinLocalCluster();
const { cores, memoryBytes, conf } = checkData(data);
const runtime = await startExecutorRuntime({
  system, executorId: system.nodeId, nodeId: system.nodeId, cores, memoryBytes,
  conf: new Conf(Object.entries(conf ?? {})), logger: system.log,
});
// Spilled blocks live in directories this runtime removes on stop: let the cluster's stop() wait for it.
onStop(() => runtime.stop());
ready();
