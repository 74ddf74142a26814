// Config keys of block storage and block transfer (Spark's names where Spark has the setting).
// Read them through a Conf: `conf.get(memoryFraction)`.
import { tmpdir } from 'node:os';
import { config } from '../../common/index.js';

export const executorMemory = config.bytes('spark.executor.memory', 1024 ** 3,
  'Memory budget of one executor process; the block manager sizes its unified memory region from it.');
export const reservedMemory = config.bytes('spark.testing.reservedMemory', 300 * 1024 ** 2,
  'Memory set aside for the runtime itself before spark.memory.fraction applies (Spark reserves 300 MiB).');
export const memoryFraction = config.double('spark.memory.fraction', 0.6,
  'Fraction of (executor memory - reserved) shared by execution and storage (the unified region).');
export const storageFraction = config.double('spark.memory.storageFraction', 0.5,
  'Part of the unified region where cached blocks are immune to eviction by execution.');
export const localDir = config.string('spark.local.dir', tmpdir(),
  'Directory for spilled and DISK_ONLY blocks; comma-separated for several disks.');
export const blockManagerPort = config.int('spark.blockManager.port', 0,
  'Port of the direct block transfer socket (0 = an ephemeral port).');
export const blockManagerBindAddress = config.string('flint.blockManager.bindAddress', '127.0.0.1',
  'Address the block transfer socket binds to (loopback unless the cluster is secured).');
export const authenticateSecret = config.string('spark.authenticate.secret', '',
  'Shared secret peers prove in the block transfer handshake (distributed by the driver, never logged).');
export const blockTransferService = config.string('flint.blockTransfer.service', 'socket',
  'How blocks move between nodes: socket (direct TCP, the benchmark winner) or nats (chunked over NATS).');
export const fetchMaxRetries = config.int('spark.shuffle.io.maxRetries', 3,
  'Retries of a failed block fetch (or NATS chunk) before the fetch fails.');
export const fetchRetryWait = config.duration('spark.shuffle.io.retryWait', 500,
  'Wait between block fetch retries.');
export const chunkTimeout = config.duration('flint.blockTransfer.chunkTimeout', 10_000,
  'How long a NATS block transfer waits for one chunk before retrying it.');
export const natsWindow = config.int('flint.blockTransfer.nats.window', 8,
  'Chunk requests outstanding per NATS block fetch (the flow-control window).');
