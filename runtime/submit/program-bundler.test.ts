import t from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleHash } from './bundle-store.js';
import { flintPackageRoot } from './flint-host.js';
import { bundleProgram } from './program-bundler.js';

function workDir(t: { teardown: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'flint-bundler-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs a bundle with plain node (no Flint imports in it) and returns its stdout. */
function runBundle(dir: string, code: Uint8Array, args: string[] = []): string {
  const file = join(dir, 'out.mjs');
  writeFileSync(file, code);
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return execFileSync(process.execPath, ['--enable-source-maps', file, ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

t.test('bundleProgram', async (t) => {
  t.test('bundles a TypeScript program with a local import and a CommonJS require; the bundle runs', async (t) => {
    const dir = workDir(t);
    writeFileSync(join(dir, 'greet.ts'), 'export function greet(name: string): string { return `hello ${name}`; }\n');
    writeFileSync(join(dir, 'legacy.cjs'), 'module.exports = { cores: require("node:os").cpus().length > 0 };\n');
    writeFileSync(join(dir, 'app.ts'), [
      "import { greet } from './greet.js';",
      "import legacy from './legacy.cjs';",
      'const who: string = process.argv[2] ?? "nobody";',
      'console.log(greet(who), legacy.cores);',
    ].join('\n'));
    const bundle = await bundleProgram(join(dir, 'app.ts'));
    t.equal(bundle.hash, bundleHash(bundle.code));
    t.match(bundle.hash, /^[0-9a-f]{64}$/);
    t.equal(runBundle(dir, bundle.code, ['flint']).trim(), 'hello flint true');
  });

  t.test('gives the same bytes and hash for the same program', async (t) => {
    const dir = workDir(t);
    writeFileSync(join(dir, 'app.mjs'), 'console.log(1);\n');
    const [a, b] = [await bundleProgram(join(dir, 'app.mjs')), await bundleProgram(join(dir, 'app.mjs'))];
    t.equal(a.hash, b.hash);
  });

  t.test('maps stack traces back to the program file and line', async (t) => {
    const dir = workDir(t);
    writeFileSync(join(dir, 'crash.ts'), ['const n: number = 1;', 'if (n > 0) throw new Error("boom");'].join('\n'));
    const bundle = await bundleProgram(join(dir, 'crash.ts'));
    const file = join(dir, 'out.mjs');
    writeFileSync(file, bundle.code);
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    let stderr = '';
    try {
      execFileSync(process.execPath, ['--enable-source-maps', file], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      stderr = (err as { stderr: string }).stderr;
    }
    t.match(stderr, /crash\.ts:2/);
  });

  t.test('leaves Flint out of the bundle as flint-host imports', async (t) => {
    const dir = workDir(t);
    const root = flintPackageRoot();
    writeFileSync(join(dir, 'app.ts'), [
      `import { ApplicationState } from ${JSON.stringify(join(root, 'runtime', 'submit', 'index.js'))};`,
      "import * as rt from 'flint/runtime';",
      'console.log(ApplicationState.finished, typeof rt);',
    ].join('\n'));
    const bundle = await bundleProgram(join(dir, 'app.ts'));
    const text = Buffer.from(bundle.code).toString('utf8');
    t.match(text, /from "flint-host:dist\/runtime\/submit\/index\.js"/, 'a path into the source maps to its compiled twin');
    t.match(text, /from "flint-host:dist\/runtime\/index\.js"/, 'flint/runtime maps through the package exports');
    t.notMatch(text, /class ProcessSupervisor/, 'no Flint code inside');
  });

  t.test('refuses a missing program, naming it', async (t) => {
    await t.rejects(bundleProgram('/nonexistent/app.ts'), { code: 'INVALID_ARGUMENT', message: 'program /nonexistent/app.ts not found' });
  });

  t.test('reports a build error with the file, line and column', async (t) => {
    const dir = workDir(t);
    writeFileSync(join(dir, 'bad.ts'), ['const ok = 1;', 'const y: number = ;'].join('\n'));
    await t.rejects(bundleProgram('bad.ts', { cwd: dir }), { code: 'INVALID_ARGUMENT', message: /^cannot bundle bad\.ts: bad\.ts:2:19: Unexpected ";"/ });
    writeFileSync(join(dir, 'missing-import.ts'), "import { x } from './nope.js';\nconsole.log(x);\n");
    await t.rejects(bundleProgram('missing-import.ts', { cwd: dir }), { code: 'INVALID_ARGUMENT', message: /missing-import\.ts:1:19: Could not resolve "\.\/nope\.js"/ });
  });

  t.test('refuses a flint subpath the package does not export', async (t) => {
    const dir = workDir(t);
    writeFileSync(join(dir, 'app.ts'), "import 'flint/internals';\n");
    await t.rejects(bundleProgram(join(dir, 'app.ts')), { code: 'INVALID_ARGUMENT', message: /flint does not export "flint\/internals"/ });
  });
});
