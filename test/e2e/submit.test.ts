// `flint submit` end to end with the built CLI: a word count in local mode (no broker); on a real
// cluster, a client-mode word count and a cluster-mode driver that is SIGKILLed on its first attempt,
// restarted by its node per `--restart-policy on-failure`, and ends FINISHED after two attempts; the
// applications show in `flint status --json`; a wrong node is refused with a one-line error.
import t from 'tap';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, runFlint, startTestCluster } from '../harness/index.js';

interface StatusJson {
  readonly applications: readonly { appId: string; name: string; deployMode: string; state: string; attempts: number; node?: string }[] | null;
}

/** A program that counts the words of its input lines with an RDD (a shuffle) and prints them sorted. */
function wordCountProgram(context: string): string {
  return `
import { SparkContext } from ${JSON.stringify(context)};
import { writeFileSync } from 'node:fs';

export async function wordCount(sc: SparkContext, lines: string[]): Promise<string> {
  const counts = await sc.parallelize(lines, 3)
    .flatMap((line: string) => line.split(/\\s+/).filter((w) => w.length > 0))
    .map((w: string) => [w, 1] as [string, number])
    .reduceByKey((a: number, b: number) => a + b)
    .collect();
  return counts.sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([w, n]) => \`\${w}=\${n}\`).join(' ');
}

const [out, ...words] = process.argv.slice(2);
// Cluster mode: the first attempt dies as a crashed driver would; the node restarts it.
if (process.env.FLINT_DRIVER_ATTEMPT === '1') process.kill(process.pid, 'SIGKILL');
const sc = await SparkContext.create();
try {
  const deadline = Date.now() + 120_000;
  while (sc.master.kind === 'cluster' && sc.executors().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const result = await wordCount(sc, [words.join(' '), 'spark flint', 'flint']);
  console.log(\`\${sc.appName}: \${result}\`);
  if (out !== '-') writeFileSync(out, result);
} finally {
  await sc.stop();
}
`;
}

t.test('flint submit', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'flint-submit-e2e-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const program = join(dir, 'word-count.ts');
  writeFileSync(program, wordCountProgram(join(repoRoot(), 'dist', 'runtime', 'context', 'index.js')));

  t.test('local mode (no --master) runs an RDD word count here and exits 0', async (t) => {
    const r = await runFlint(['submit', program, '--name', 'wc-local', '--', '-', 'a', 'b', 'a'], { timeoutMs: 120_000 });
    if (!t.equal(r.code, 0, 'exits 0')) t.comment(r.stderr);
    t.match(r.stdout, /^wc-local: a=2 b=1 flint=2 spark=1$/m);
  });

  t.test('a missing program fails with a one-line error and a non-zero exit', async (t) => {
    const r = await runFlint(['submit', join(dir, 'nope.ts')], { timeoutMs: 60_000 });
    t.equal(r.code, 1);
    t.equal(r.stderr.trim(), `flint: INVALID_ARGUMENT: program ${join(dir, 'nope.ts')} not found`);
  });

  t.test('on a cluster', async (t) => {
    const cluster = await startTestCluster({ nodes: 0 });
    t.teardown(() => cluster.stop());
    const node = cluster.startNode('n1', ['--executors', '1']);
    await cluster.waitForStatus('n1 alive with an executor', (s) => s.nodes.some((n) => n.id === 'n1' && n.state === 'alive') && s.executors.length === 1, 90_000);
    await node.waitForLine(/driver launcher started/, 60_000);
    const master = cluster.nats.url;
    const status = async (): Promise<StatusJson> => {
      const r = await runFlint(['status', '--master', master, '--json'], { timeoutMs: 60_000 });
      if (!t.equal(r.code, 0, 'flint status exits 0')) t.comment(r.stderr);
      return JSON.parse(r.stdout) as StatusJson;
    };

    t.test('client mode runs the driver here against the cluster and records the application', async (t) => {
      const r = await runFlint(['submit', program, '--master', master, '--name', 'wc-client', '--', '-', 'x'], { timeoutMs: 180_000 });
      if (!t.equal(r.code, 0, 'exits 0')) t.comment(`${r.stderr}\n--- node\n${node.tail(20)}`);
      t.match(r.stdout, /^wc-client: flint=2 spark=1 x=1$/m);
      const appId = /running wc-client as (app-\S+)/.exec(r.stderr)?.[1];
      t.ok(appId, 'the application id is printed');
      const app = (await status()).applications?.find((a) => a.appId === appId);
      t.match(app, { name: 'wc-client', deployMode: 'client', state: 'FINISHED', attempts: 1 });
    });

    t.test('cluster mode restarts a SIGKILLed driver on its node; the second attempt finishes', async (t) => {
      const out = join(dir, 'cluster-result.txt');
      const r = await runFlint([
        'submit', program, '--master', master, '--deploy-mode', 'cluster', '--name', 'wc-cluster',
        '--restart-policy', 'on-failure', '--max-retries', '3', '--retry-interval', '1s', '--wait', '--', out, 'y', 'y',
      ], { timeoutMs: 240_000 });
      if (!t.equal(r.code, 0, 'exits 0')) t.comment(`${r.stderr}\n--- node\n${node.tail(30)}`);
      const appId = r.stdout.trim().split('\n')[0];
      t.match(appId, /^app-\d{14}-[0-9a-f]{6}$/, 'stdout starts with the application id');
      t.match(r.stderr, /RESTARTING \(attempt 1\): attempt 1: killed by SIGKILL/);
      t.ok(existsSync(out), 'the second attempt wrote its result');
      t.equal(readFileSync(out, 'utf8'), 'flint=2 spark=1 y=2');
      const app = (await status()).applications?.find((a) => a.appId === appId);
      t.match(app, { name: 'wc-cluster', deployMode: 'cluster', state: 'FINISHED', attempts: 2, node: 'n1' });
    });

    t.test('an unknown node is refused with a one-line error', async (t) => {
      const r = await runFlint(['submit', program, '--master', master, '--deploy-mode', 'cluster', '--node', 'n9'], { timeoutMs: 60_000 });
      t.equal(r.code, 1);
      t.equal(r.stderr.trim(), 'flint: INVALID_ARGUMENT: unknown node n9 (live nodes: n1)');
    });
  });
});
