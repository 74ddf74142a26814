// The Master's writes to Redis, each fenced by a Lua script that first checks that the writer's
// epoch equals the cluster's current epoch (`GET epoch`): a deposed leader's write is refused with
// STALE_EPOCH. Stores the registry as one hash per node / executor plus id sets, so a standby that
// takes over reads the same node list (Redis is a cache: the registry is rebuilt from heartbeats).
import type { Redis } from 'ioredis';
import { EngineError, ErrorCode } from '../../common/index.js';
import type { ExecutorStatus, NodeStatus } from './cluster-status.js';
import type { NodeState } from './membership.js';
import { staleEpochError } from './fencing.js';
import { masterRedisKeys, type MasterRedisKeys } from './master-keys.js';

/** Refuses unless GET KEYS[1] == ARGV[1]; shared prologue of every fenced script. */
const CHECK = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if current ~= tonumber(ARGV[1]) then return redis.error_reply('STALE_EPOCH ' .. current) end`;

/** KEYS: epoch, id set, hash; ARGV: epoch, id, field, value, ... */
const PUT = `${CHECK}
redis.call('DEL', KEYS[3])
redis.call('HSET', KEYS[3], unpack(ARGV, 3))
redis.call('SADD', KEYS[2], ARGV[2])
return 1`;

/** KEYS: epoch, id set, hash; ARGV: epoch, id */
const REMOVE = `${CHECK}
redis.call('DEL', KEYS[3])
redis.call('SREM', KEYS[2], ARGV[2])
return 1`;

/** KEYS: epoch, node set, executor set; ARGV: epoch, node prefix, executor prefix, JSON. */
const REPLACE_ALL = `${CHECK}
local data = cjson.decode(ARGV[4])
local function replace(setKey, prefix, items)
  for _, id in ipairs(redis.call('SMEMBERS', setKey)) do redis.call('DEL', prefix .. id) end
  redis.call('DEL', setKey)
  for _, item in ipairs(items) do
    redis.call('HSET', prefix .. item.id, unpack(item.fields))
    redis.call('SADD', setKey, item.id)
  end
end
replace(KEYS[2], ARGV[2], data.nodes)
replace(KEYS[3], ARGV[3], data.executors)
return 1`;

/** KEYS: node set, executor set; ARGV: node prefix, executor prefix. One atomic snapshot. */
const READ_ALL = `
local function all(setKey, prefix)
  local out = {}
  for _, id in ipairs(redis.call('SMEMBERS', setKey)) do table.insert(out, redis.call('HGETALL', prefix .. id)) end
  return out
end
return { all(KEYS[1], ARGV[1]), all(KEYS[2], ARGV[2]) }`;

type Fields = Record<string, string>;

function nodeFields(n: NodeStatus): string[] {
  return [
    'id', n.id, 'host', n.host, 'cores', String(n.cores), 'memory', String(n.memory), 'state', n.state,
    'lastHeartbeat', String(n.lastHeartbeat), 'joinedAt', String(n.joinedAt), 'address', n.address,
  ];
}

function executorFields(e: ExecutorStatus): string[] {
  const out = ['id', e.id, 'nodeId', e.nodeId, 'cores', String(e.cores), 'memory', String(e.memory)];
  if (e.appId !== null) out.push('appId', e.appId);
  if (e.address !== null) out.push('address', e.address);
  if (e.launchedBy !== 'node') out.push('launchedBy', e.launchedBy);
  return out;
}

const NODE_STATES: readonly NodeState[] = ['alive', 'suspected', 'lost', 'left'];

function toFields(flat: readonly string[]): Fields {
  const f: Fields = {};
  for (let i = 0; i + 1 < flat.length; i += 2) f[flat[i]] = flat[i + 1];
  return f;
}

function num(v: string | undefined): number | undefined {
  const n = Number(v);
  return v === undefined || v === '' || !Number.isFinite(n) ? undefined : n;
}

/** A stored node, or undefined when the hash is incomplete (a cache entry we cannot trust). */
function parseNode(f: Fields): NodeStatus | undefined {
  const cores = num(f.cores), memory = num(f.memory), lastHeartbeat = num(f.lastHeartbeat), joinedAt = num(f.joinedAt);
  const state = NODE_STATES.find((s) => s === f.state);
  if (!f.id || f.host === undefined || f.address === undefined || !state
    || cores === undefined || memory === undefined || lastHeartbeat === undefined || joinedAt === undefined) return undefined;
  return { id: f.id, host: f.host, cores, memory, state, lastHeartbeat, joinedAt, address: f.address };
}

function parseExecutor(f: Fields): ExecutorStatus | undefined {
  const cores = num(f.cores), memory = num(f.memory);
  if (!f.id || !f.nodeId || cores === undefined || memory === undefined) return undefined;
  return {
    id: f.id, nodeId: f.nodeId, cores, memory, appId: f.appId ?? null, address: f.address ?? null,
    launchedBy: f.launchedBy === 'autoscaler' ? 'autoscaler' : 'node',
  };
}

const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Maps the script's `STALE_EPOCH <current>` reply to the engine's error; rethrows anything else. */
function fenced(epoch: number, what: string) {
  return (err: unknown): never => {
    const m = err instanceof Error ? /STALE_EPOCH (\d+)/.exec(err.message) : null;
    if (m) throw staleEpochError(epoch, Number(m[1]), what);
    throw new EngineError(ErrorCode.ConnectionFailed, `redis write failed (${what}): ${(err as Error).message}`, { retryable: true, cause: err });
  };
}

/** The stored registry as read back. */
export interface StoredRegistry {
  readonly nodes: readonly NodeStatus[];
  readonly executors: readonly ExecutorStatus[];
}

/** Fenced writes of the node/executor registry; reads need no epoch. */
export class FencedStore {
  private readonly keys: MasterRedisKeys;

  constructor(private readonly redis: Redis, cluster: string) {
    this.keys = masterRedisKeys(cluster);
  }

  /** Stores (replaces) one node's hash. Throws STALE_EPOCH if `epoch` is not the current one. */
  async putNode(epoch: number, node: NodeStatus): Promise<void> {
    await this.redis.eval(PUT, 3, this.keys.epoch, this.keys.nodes, this.keys.nodePrefix + node.id, String(epoch), node.id, ...nodeFields(node))
      .catch(fenced(epoch, 'putNode'));
  }

  async removeNode(epoch: number, id: string): Promise<void> {
    await this.redis.eval(REMOVE, 3, this.keys.epoch, this.keys.nodes, this.keys.nodePrefix + id, String(epoch), id)
      .catch(fenced(epoch, 'removeNode'));
  }

  async putExecutor(epoch: number, executor: ExecutorStatus): Promise<void> {
    await this.redis.eval(PUT, 3, this.keys.epoch, this.keys.executors, this.keys.executorPrefix + executor.id, String(epoch), executor.id, ...executorFields(executor))
      .catch(fenced(epoch, 'putExecutor'));
  }

  async removeExecutor(epoch: number, id: string): Promise<void> {
    await this.redis.eval(REMOVE, 3, this.keys.epoch, this.keys.executors, this.keys.executorPrefix + id, String(epoch), id)
      .catch(fenced(epoch, 'removeExecutor'));
  }

  /** Replaces the whole stored registry atomically (a new leader's first write, or a resync). */
  async replaceAll(epoch: number, registry: StoredRegistry): Promise<void> {
    const data = JSON.stringify({
      nodes: registry.nodes.map((n) => ({ id: n.id, fields: nodeFields(n) })),
      executors: registry.executors.map((e) => ({ id: e.id, fields: executorFields(e) })),
    });
    await this.redis.eval(REPLACE_ALL, 3, this.keys.epoch, this.keys.nodes, this.keys.executors, String(epoch), this.keys.nodePrefix, this.keys.executorPrefix, data)
      .catch(fenced(epoch, 'replaceAll'));
  }

  /** One consistent snapshot of the stored registry, sorted by id; incomplete entries are skipped. */
  async read(): Promise<StoredRegistry> {
    const [nodes, executors] = (await this.redis.eval(READ_ALL, 2, this.keys.nodes, this.keys.executors, this.keys.nodePrefix, this.keys.executorPrefix)) as [string[][], string[][]];
    return {
      nodes: nodes.map((f) => parseNode(toFields(f))).filter((n): n is NodeStatus => n !== undefined).sort(byId),
      executors: executors.map((f) => parseExecutor(toFields(f))).filter((e): e is ExecutorStatus => e !== undefined).sort(byId),
    };
  }

  /** The cluster's current fencing epoch in Redis (0 when absent). */
  async currentEpoch(): Promise<number> {
    return Number((await this.redis.get(this.keys.epoch)) ?? 0);
  }
}
