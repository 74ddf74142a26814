// Local mode, no broker: PySpark's word count, line for line, on worker-thread executors (a real
// shuffle between them). Usage: node examples/local-word-count.mjs [files…] (default: this
// repository's README and docs). Run `npm ci` (which builds) first. With `flint submit
// examples/local-word-count.mjs --master nats://HOST:4222` the same program runs on a cluster.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SparkContext } from 'flint';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const files = process.argv.slice(2).length > 0
  ? process.argv.slice(2)
  : [join(root, 'README.md'), ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join(root, 'docs', f))];

const started = performance.now();
const sc = await SparkContext.create({ appName: 'word-count' });
try {
  const tasksPerExecutor = new Map();
  sc.onEvent((e) => {
    if (e.kind === 'TaskEnd' && e.reason === 'success') tasksPerExecutor.set(e.executorId, (tasksPerExecutor.get(e.executorId) ?? 0) + 1);
  });
  const lines = sc.union(files.map((f) => sc.textFile(f, 2)));
  const counts = lines
    .flatMap((line) => line.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 0))
    .map((word) => [word, 1])
    .reduceByKey((a, b) => a + b);
  const top = await (await counts.sortBy(([word, n]) => [-n, word])).take(10);
  const distinct = await counts.count();
  console.log(`${await lines.count()} lines from ${files.length} files, ${lines.getNumPartitions()} partitions on ${sc.executors().length} executor threads`);
  console.log(`tasks per executor: ${[...tasksPerExecutor].sort().map(([e, n]) => `${e}=${n}`).join(', ')}`);
  console.log(`${distinct} distinct words; top 10:`);
  for (const [word, n] of top) console.log(`  ${String(n).padStart(6)}  ${word}`);
  console.log(`done in ${(performance.now() - started).toFixed(0)} ms`);
} finally {
  await sc.stop();
}
