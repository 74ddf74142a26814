#!/usr/bin/env node
// The process a submitted program's driver runs in: `node driver-main.js BUNDLE.mjs [ARGS...]`.
// Resolves the bundle's `flint-host:` imports against this Flint installation, maps stack traces
// through the bundle's source map, hands the program `process.argv = [node, BUNDLE, ...ARGS]`, and
// imports it. Settings and credentials arrive in the environment (see runtime/submit/driver-environment.ts).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DRIVER_PARENT_PID_ENV, registerFlintHost } from '../runtime/submit/index.js';

/** How often a node-launched driver checks that its node is still its parent. */
const PARENT_CHECK_MS = 1000;

async function main(argv: readonly string[]): Promise<void> {
  const [bundle, ...args] = argv;
  if (bundle === undefined) {
    process.stderr.write('usage: driver-main BUNDLE.mjs [ARGS...]\n');
    process.exit(2);
  }
  exitWithParent(process.env[DRIVER_PARENT_PID_ENV]);
  process.setSourceMapsEnabled(true);
  registerFlintHost();
  const path = resolve(bundle);
  process.argv = [process.argv[0], path, ...args];
  await import(pathToFileURL(path).href);
}

/**
 * A driver started by a node's launcher ends when the node process dies (SIGKILL gives the node no
 * chance to stop it): the kernel then re-parents it, so its parent pid changes.
 */
function exitWithParent(raw: string | undefined): void {
  const expected = Number(raw);
  if (!raw || !Number.isInteger(expected)) return;
  setInterval(() => {
    if (process.ppid === expected) return;
    process.stderr.write(`flint driver: the node process ${expected} is gone; exiting\n`);
    process.exit(1);
  }, PARENT_CHECK_MS).unref();
}

main(process.argv.slice(2)).catch((err: unknown) => {
  // The program's own failure: its stack (mapped to the user's files), and a non-zero exit.
  process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
