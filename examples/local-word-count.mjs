// Local mode, no broker: a word count whose map side runs in executor worker threads as actors
// and whose reduce side runs in the driver. Usage: node examples/local-word-count.mjs [files…]
// (default: this repository's README and docs). Run `npm ci` (which builds) first.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { startLocalCluster, actorRef } from '../dist/runtime/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const files = process.argv.slice(2).length > 0
  ? process.argv.slice(2)
  : [join(root, 'README.md'), ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join(root, 'docs', f))];
const lines = files.flatMap((f) => readFileSync(f, 'utf8').split('\n'));

const started = performance.now();
const cluster = await startLocalCluster({ executors: Math.max(2, availableParallelism()), executorModule: new URL('./word-count-executor.mjs', import.meta.url) });
try {
  const partitions = cluster.executors.length * 4;
  const size = Math.ceil(lines.length / partitions);
  const tasks = [];
  for (let p = 0; p < partitions; p++) {
    const executor = cluster.executors[p % cluster.executors.length];
    const slice = lines.slice(p * size, (p + 1) * size);
    tasks.push(cluster.system.ask(actorRef(executor.nodeId, 'user/counter'), { kind: 'CountWords', lines: slice }, { timeoutMs: 30_000 }));
  }
  const results = await Promise.all(tasks);
  const totals = new Map();
  const perExecutor = new Map();
  for (const { executor, pairs } of results) {
    perExecutor.set(executor, (perExecutor.get(executor) ?? 0) + 1);
    for (const [word, n] of pairs) totals.set(word, (totals.get(word) ?? 0) + n);
  }
  const top = [...totals].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10);
  console.log(`${lines.length} lines from ${files.length} files, ${partitions} partitions on ${cluster.executors.length} executor threads`);
  console.log(`partitions per executor: ${[...perExecutor].map(([e, n]) => `${e}=${n}`).join(', ')}`);
  console.log(`${totals.size} distinct words; top 10:`);
  for (const [word, n] of top) console.log(`  ${String(n).padStart(6)}  ${word}`);
  console.log(`done in ${(performance.now() - started).toFixed(0)} ms`);
} finally {
  await cluster.stop();
}
