// What a node offers the cluster (host, cores, memory) and how loaded it is, for NodeAgent's join
// and heartbeats. Detected from the OS (memory capped by a cgroup limit) unless the operator's
// `--cores` / `--memory` flags say otherwise; the OS is an injected probe so tests fix it.
import * as os from 'node:os';
import { EngineError, ErrorCode, parseBytes } from '../../common/index.js';

/** The capacity a node advertises when it joins. */
export interface NodeResources {
  readonly host: string;
  readonly cores: number;
  readonly memoryBytes: number;
}

/** Operator overrides, raw from the command line (`--cores 8 --memory 4g`) or already numbers. */
export interface ResourceFlags {
  readonly cores?: string | number;
  readonly memory?: string | number;
  readonly host?: string;
}

/** One heartbeat's view of the node's load. */
export interface LoadSample {
  readonly freeMemoryBytes: number;
  readonly totalMemoryBytes: number;
  /** 1, 5 and 15 minute load averages (zeros where the OS has none). */
  readonly loadAverage: readonly [number, number, number];
  /** Resident set size of this process. */
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
}

/** The OS facts resources are read from. */
export interface ResourceProbe {
  hostname(): string;
  availableParallelism(): number;
  totalmem(): number;
  /** A cgroup memory limit, or undefined/0 when there is none. */
  constrainedMemory(): number | undefined;
  freemem(): number;
  loadavg(): number[];
  memoryUsage(): { readonly rss: number; readonly heapUsed: number };
}

export const osProbe: ResourceProbe = {
  hostname: () => os.hostname(),
  availableParallelism: () => os.availableParallelism(),
  totalmem: () => os.totalmem(),
  constrainedMemory: () => process.constrainedMemory?.(),
  freemem: () => os.freemem(),
  loadavg: () => os.loadavg(),
  memoryUsage: () => process.memoryUsage(),
};

/** Resources from the flags where given, else from the probe. Throws CONFIG naming a bad flag. */
export function detectResources(flags: ResourceFlags = {}, probe: ResourceProbe = osProbe): NodeResources {
  const host = flags.host === undefined ? probe.hostname() : parseHost(flags.host);
  const cores = flags.cores === undefined ? Math.max(1, probe.availableParallelism()) : parseCores(flags.cores);
  const memoryBytes = flags.memory === undefined ? detectedMemory(probe) : parseMemory(flags.memory);
  return { host, cores, memoryBytes };
}

/** Samples the node's current load for a heartbeat. */
export function sampleLoad(probe: ResourceProbe = osProbe): LoadSample {
  const [one = 0, five = 0, fifteen = 0] = probe.loadavg();
  const usage = probe.memoryUsage();
  return {
    freeMemoryBytes: probe.freemem(),
    totalMemoryBytes: detectedMemory(probe),
    loadAverage: [one, five, fifteen],
    rssBytes: usage.rss,
    heapUsedBytes: usage.heapUsed,
  };
}

/** Physical memory, lowered to the container's limit when one is set (an unset cgroup v1 limit is huge). */
function detectedMemory(probe: ResourceProbe): number {
  const total = probe.totalmem();
  const limit = probe.constrainedMemory();
  return limit !== undefined && limit > 0 && limit < total ? limit : total;
}

function parseCores(raw: string | number): number {
  const n = typeof raw === 'number' ? raw : /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw flagError('--cores', raw, 'must be a whole number of cores greater than 0');
  return n;
}

function parseMemory(raw: string | number): number {
  let bytes: number;
  if (typeof raw === 'number') {
    bytes = raw;
  } else {
    try {
      bytes = parseBytes(raw, '--memory');
    } catch (err) {
      throw flagError('--memory', raw, 'must be a size like 512m or 4g', err);
    }
  }
  if (!Number.isSafeInteger(bytes) || bytes <= 0) throw flagError('--memory', raw, 'must be a size greater than 0, like 512m or 4g');
  return bytes;
}

function parseHost(raw: string): string {
  if (raw.trim() === '' || /\s/.test(raw)) throw flagError('--host', raw, 'must be a host name without spaces');
  return raw;
}

function flagError(flag: string, raw: string | number, problem: string, cause?: unknown): EngineError {
  return new EngineError(ErrorCode.Config, `${flag} ${String(raw)}: ${problem}`, { fields: { flag, value: String(raw) }, cause });
}
