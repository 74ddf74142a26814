// Bundles a user program (TypeScript or JavaScript, with its imports) into one ESM file with esbuild,
// so it can be stored by content hash and run on any node. Flint itself stays out of the bundle
// (`flint-host:` imports, see flint-host.ts); native and optional packages stay external; a
// createRequire banner gives bundled CommonJS code `require` for builtins; an inline source map
// makes stack traces name the user's files and lines.
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve as resolvePath } from 'node:path';
import { build, type Message, type Plugin } from 'esbuild';
import { EngineError, ErrorCode } from '../../common/index.js';
import { bundleHash } from './bundle-store.js';
import { flintPackageRoot, hostSpecifierFor, hostSpecifierForPackageImport } from './flint-host.js';

/** Packages with native add-ons or platform-only builds: loaded at run time if present, never bundled. */
export const NATIVE_EXTERNALS: readonly string[] = ['msgpackr-extract', 'fsevents', 'bufferutil', 'utf-8-validate', 'cpu-features', '*.node'];

/** `require` for bundled CommonJS code; esbuild renames user bindings named `require`, so this cannot clash. */
const REQUIRE_BANNER = 'import { createRequire as __flintCreateRequire } from "node:module"; const require = __flintCreateRequire(import.meta.url);';

export interface ProgramBundle {
  /** Absolute path of the program's entry file. */
  readonly entry: string;
  readonly code: Uint8Array;
  /** Hex sha256 of `code`: the bundle's name in the object store. */
  readonly hash: string;
  /** esbuild warnings, formatted `file:line:col: text`. */
  readonly warnings: readonly string[];
}

export interface BundleOptions {
  /** Root of the Flint installation whose code stays out of the bundle (default: this one). */
  readonly flintRoot?: string;
  /** More packages to leave external. */
  readonly external?: readonly string[];
  /** Directory that error locations are relative to (default the process's). */
  readonly cwd?: string;
}

/** Bundles `entry`; throws INVALID_ARGUMENT naming the file (and line) when it is missing or does not build. */
export async function bundleProgram(entry: string, options: BundleOptions = {}): Promise<ProgramBundle> {
  const cwd = options.cwd ?? process.cwd();
  const path = resolvePath(cwd, entry);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new EngineError(ErrorCode.InvalidArgument, `program ${entry} not found`, { fields: { file: entry } });
  }
  const root = options.flintRoot ?? flintPackageRoot();
  let result;
  try {
    result = await build({
      entryPoints: [path],
      // Never written: it only anchors the source map's relative paths beside the program.
      outfile: join(dirname(path), `${basename(path, extname(path))}.bundle.mjs`),
      write: false,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: 'inline',
      banner: { js: REQUIRE_BANNER },
      external: [...NATIVE_EXTERNALS, ...(options.external ?? [])],
      plugins: [flintHostPlugin(root)],
      absWorkingDir: cwd,
      logLevel: 'silent',
    });
  } catch (err) {
    const errors = (err as { errors?: Message[] }).errors;
    if (!Array.isArray(errors) || errors.length === 0) {
      throw new EngineError(ErrorCode.InvalidArgument, `cannot bundle ${entry}: ${(err as Error).message}`, { cause: err, fields: { file: entry } });
    }
    const first = errors[0];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : '';
    throw new EngineError(ErrorCode.InvalidArgument, `cannot bundle ${entry}: ${formatMessage(first, cwd)}${more}`, {
      cause: err,
      fields: { file: first.location?.file ?? entry, line: first.location?.line, column: first.location?.column },
    });
  }
  const output = result.outputFiles[0];
  return {
    entry: path,
    code: output.contents,
    hash: bundleHash(output.contents),
    warnings: result.warnings.map((w) => formatMessage(w, cwd)),
  };
}

/** `app.ts:3:7: Could not resolve "./nope"` (columns 1-based, as editors count). */
export function formatMessage(message: Message, cwd: string): string {
  const loc = message.location;
  if (!loc) return message.text;
  const absolute = resolvePath(cwd, loc.file);
  // Relative to where the user stands when the file is below it, else the full path.
  const rel = relative(cwd, absolute);
  const file = rel === '' || rel.startsWith('..') ? absolute : rel;
  return `${file}:${loc.line}:${loc.column + 1}: ${message.text}`;
}

/** Turns imports of Flint (bare `flint/…`, or paths into its source or dist) into external `flint-host:` imports. */
function flintHostPlugin(root: string): Plugin {
  const skip = { flintHostResolving: true };
  return {
    name: 'flint-host',
    setup(b) {
      b.onResolve({ filter: /^flint(\/|$)/ }, (args) => {
        try {
          return { path: hostSpecifierForPackageImport(args.path, root), external: true };
        } catch (err) {
          return { errors: [{ text: (err as Error).message }] };
        }
      });
      b.onResolve({ filter: /^(\.{1,2}\/|\/)/ }, async (args) => {
        if (args.kind === 'entry-point' || (args.pluginData as typeof skip | undefined)?.flintHostResolving) return undefined;
        const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: skip });
        if (resolved.errors.length > 0 || resolved.external) return undefined; // esbuild reports it with the import's location
        const specifier = hostSpecifierFor(resolved.path, root);
        return specifier === undefined ? undefined : { path: specifier, external: true };
      });
    },
  };
}
