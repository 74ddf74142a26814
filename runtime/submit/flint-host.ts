// The `flint-host:` import scheme. A bundle never contains Flint itself: its imports of Flint become
// `flint-host:dist/…` specifiers that the process running the bundle resolves against its own Flint
// installation (flint-host-hooks.ts). So a driver shares one Flint with the node that hosts it, and
// module-relative files (executor worker scripts) are found where Flint is installed.
import { existsSync, readFileSync } from 'node:fs';
import { register } from 'node:module';
import { dirname, extname, isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { EngineError, ErrorCode } from '../../common/index.js';

export const FLINT_HOST_SCHEME = 'flint-host:';

/** Flint's own source folders (compiled to dist/<folder>); anything else in the repository is user code. */
const FLINT_SOURCE_DIRS = new Set(['common', 'storage', 'runtime', 'dataframe', 'ui', 'ml', 'streaming', 'cli', 'index.ts']);

/** The root of the Flint package this module belongs to (the directory of its package.json named "flint"). */
export function flintPackageRoot(from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && readPackageName(manifest) === 'flint') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new EngineError(ErrorCode.Internal, `the flint package.json was not found above ${fileURLToPath(from)}`);
    dir = parent;
  }
}

function readPackageName(manifest: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name;
  } catch {
    return undefined;
  }
}

/**
 * The host specifier for a resolved file inside the Flint package at `root`, or undefined when the
 * file is not Flint's own code (a dependency under node_modules, a test, an example: bundled as usual).
 * Source files map to their compiled twin: `runtime/context/index.ts` → `flint-host:dist/runtime/context/index.js`.
 */
export function hostSpecifierFor(path: string, root: string): string | undefined {
  const rel = relative(root, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  const parts = rel.split(sep);
  if (parts[0] === 'dist') return `${FLINT_HOST_SCHEME}${parts.join('/')}`;
  if (!FLINT_SOURCE_DIRS.has(parts[0])) return undefined;
  const ext = extname(rel);
  if (!['.ts', '.mts', '.js', '.mjs'].includes(ext) || rel.endsWith('.d.ts')) return undefined;
  const compiled = `${parts.join('/').slice(0, -ext.length)}${ext === '.mts' || ext === '.mjs' ? '.mjs' : '.js'}`;
  return `${FLINT_HOST_SCHEME}dist/${compiled}`;
}

/**
 * The host specifier for a bare `flint/<subpath>` import, read from the package's `exports` map, so a
 * program outside any project that installs Flint can still `import … from 'flint/runtime'`.
 */
export function hostSpecifierForPackageImport(specifier: string, root: string): string {
  const subpath = specifier === 'flint' ? '.' : `.${specifier.slice('flint'.length)}`;
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports?: Record<string, string> };
  const target = manifest.exports?.[subpath];
  if (typeof target !== 'string') {
    const known = Object.keys(manifest.exports ?? {}).map((k) => `flint${k.slice(1)}`).join(', ');
    throw new EngineError(ErrorCode.InvalidArgument, `flint does not export "${specifier}" (it exports ${known || 'nothing'})`, { fields: { specifier } });
  }
  return `${FLINT_HOST_SCHEME}${target.replace(/^\.\//, '')}`;
}

/** The file URL that a `flint-host:` specifier names in the installation rooted at `rootUrl` (ending in `/`). */
export function resolveHostSpecifier(specifier: string, rootUrl: string): string {
  const rel = specifier.slice(FLINT_HOST_SCHEME.length);
  if (rel.startsWith('/') || rel.split('/').includes('..')) {
    throw new EngineError(ErrorCode.InvalidArgument, `bad flint-host import ${JSON.stringify(specifier)}`, { fields: { specifier } });
  }
  return new URL(rel, rootUrl).href;
}

/** The root of this installation as a directory URL, for resolveHostSpecifier. */
export function flintRootUrl(root: string = flintPackageRoot()): string {
  return pathToFileURL(root.endsWith(sep) ? root : `${root}${sep}`).href;
}

/**
 * Makes this process resolve `flint-host:` imports against the installation at `root` (call once,
 * before importing a bundle). Node runs the hooks on its loader thread.
 */
export function registerFlintHost(root: string = flintPackageRoot()): void {
  const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  register(new URL(`./flint-host-hooks.${ext}`, import.meta.url), { data: { rootUrl: flintRootUrl(root) } });
}
