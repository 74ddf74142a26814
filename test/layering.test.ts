// Checks DESIGN.md's layer direction: each top-level folder imports only the layers below it
// (common, storage ← runtime ← dataframe, ui ← ml, streaming ← cli).
import t from 'tap';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const allowed: Record<string, readonly string[]> = {
  common: [],
  storage: ['common'],
  runtime: ['common', 'storage'],
  dataframe: ['common', 'storage', 'runtime'],
  ui: ['common', 'storage', 'runtime'],
  ml: ['common', 'storage', 'runtime', 'dataframe'],
  streaming: ['common', 'storage', 'runtime', 'dataframe'],
  cli: ['common', 'storage', 'runtime', 'dataframe', 'ui', 'ml', 'streaming'],
  bench: ['common', 'storage', 'runtime', 'dataframe', 'ui', 'ml', 'streaming', 'cli', 'test'],
  test: ['common', 'storage', 'runtime', 'dataframe', 'ui', 'ml', 'streaming', 'cli', 'bench'],
};

function* sources(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* sources(p);
    else if (/\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts')) yield p;
  }
}

t.test('layer direction', async (t) => {
  const violations: string[] = [];
  for (const layer of Object.keys(allowed)) {
    let exists = false;
    try { exists = statSync(join(root, layer)).isDirectory(); } catch { /* layer not created yet */ }
    if (!exists) continue;
    for (const file of sources(join(root, layer))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/g)) {
        const target = relative(root, resolve(dirname(file), m[1]));
        const targetLayer = target.split('/')[0];
        if (targetLayer === layer || !(targetLayer in allowed)) continue;
        // Tests anywhere may use the shared test harness; production code may not.
        if (targetLayer === 'test' && file.endsWith('.test.ts')) continue;
        if (!allowed[layer].includes(targetLayer)) violations.push(`${relative(root, file)} imports ${target} (${layer} may not import ${targetLayer})`);
      }
    }
  }
  t.same(violations, [], 'no import goes up a layer');
});
