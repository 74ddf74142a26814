// Configuration keys the SparkContext reads (Spark's names where Spark has the setting).
import { config } from '../../common/index.js';

export const sparkMaster = config.string('spark.master', 'local[*]',
  'Where jobs run: local, local[N], local[*] (worker-thread executors in this process) or nats://HOST:PORT / tls://HOST:PORT (a Flint cluster).');
export const sparkAppName = config.string('spark.app.name', 'flint', 'The application name shown in logs, status and traces.');
export const defaultParallelism = config.int('spark.default.parallelism', 0,
  'Partitions of parallelize() and of shuffles that name no count; 0 means the number of executor cores (parallelize) or the parent\'s partitions (shuffles).');
export const clusterName = config.string('flint.cluster', 'flint', 'Cluster name: the NATS subject prefix (flint.<cluster>.…) the driver talks on.');
export const natsTlsCa = config.string('flint.nats.tls.ca', '', 'CA file for a tls:// master (the driver\'s NATS connection).');
export const natsTlsCert = config.string('flint.nats.tls.cert', '', 'Client certificate file for a tls:// master.');
export const natsTlsKey = config.string('flint.nats.tls.key', '', 'Client key file for a tls:// master.');
export const natsInsecure = config.boolean('flint.nats.insecure', false,
  'Allow a non-loopback nats:// master without credentials and TLS (the driver refuses it otherwise).');
