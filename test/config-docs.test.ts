// Keeps docs/configuration.md true: every key registered in the config registry is documented
// there with its default. Regenerate the table with `FLINT_WRITE_CONFIG_DOCS=1 npx tap test/config-docs.test.ts`.
import t from 'tap';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { registeredConfigs, type ConfigEntry } from '../common/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DOC = join(root, 'docs', 'configuration.md');
const BEGIN = '<!-- generated: config keys -->';
const END = '<!-- end generated -->';

function* registeringModules(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* registeringModules(p);
    else if (name.endsWith('.ts') && !/\.(test|fixture)\.ts$|-bench\.ts$/.test(name)
      && /config\.(string|int|double|boolean|duration|bytes)\(/.test(readFileSync(p, 'utf8'))) yield p;
  }
}

function formatDefault(e: ConfigEntry<unknown>): string {
  if (e.type === 'duration') return `${e.default} ms`;
  if (e.type === 'bytes') return `${e.default} bytes`;
  if (e.key === 'spark.local.dir') return 'the OS temp dir';
  return e.default === '' ? '(empty)' : String(e.default);
}

export function configTable(entries: readonly ConfigEntry<unknown>[]): string {
  const rows = [...entries].sort((a, b) => a.key.localeCompare(b.key))
    .map((e) => `| \`${e.key}\` | ${e.type} | ${formatDefault(e)} | ${e.doc.replace(/\|/g, '\\|').replace(/\s+/g, ' ')} |`);
  return ['| key | type | default | meaning |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

t.test('docs/configuration.md lists every registered config key', async (t) => {
  for (const dir of ['common', 'storage', 'runtime', 'dataframe']) {
    try { statSync(join(root, dir)); } catch { continue; }
    for (const file of registeringModules(join(root, dir))) await import(pathToFileURL(file).href);
  }
  const entries = registeredConfigs().filter((e) => !e.key.startsWith('test.'));
  t.ok(entries.length > 0, 'keys are registered');
  const table = configTable(entries);
  const doc = readFileSync(DOC, 'utf8');
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  t.ok(start >= 0 && end > start, 'the doc has the generated section markers');
  const current = doc.slice(start + BEGIN.length, end).trim();
  if (process.env.FLINT_WRITE_CONFIG_DOCS === '1' && current !== table) {
    writeFileSync(DOC, `${doc.slice(0, start + BEGIN.length)}\n${table}\n${doc.slice(end)}`);
    return;
  }
  t.equal(current, table, 'the generated table is current (regenerate with FLINT_WRITE_CONFIG_DOCS=1)');
});
