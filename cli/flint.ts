#!/usr/bin/env node
// `flint`: the command-line entry. Subcommands: `submit`, `status`, `runtime` (same as `node runtime`).
import { exitWithError } from './exit-with-error.js';
import { runNodeRuntime } from './node-runtime.js';
import { statusCommand } from './status-command.js';
import { submitCommand } from './submit-command.js';

const USAGE = `usage: flint <command> [options]

commands:
  submit     run a program: here (local mode), or on a cluster with --master (client or cluster deploy mode)
  status     show the cluster's leader, nodes, executors and applications (--json for one JSON object)
  runtime    start a node or a master (same as \`node runtime\`)
`;

/** Resolves with the exit code of a command that ends, or undefined for one that keeps running. */
async function main(argv: string[]): Promise<number | undefined> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'submit':
      if (ownFlags(rest).some((a) => a === '--help' || a === '-h')) {
        const { SUBMIT_USAGE } = await import('./submit-options.js');
        process.stdout.write(`${SUBMIT_USAGE}\n`);
        return 0;
      }
      return submitCommand(rest);
    case 'status':
      await statusCommand(rest);
      return 0;
    case 'runtime':
      await runNodeRuntime(rest);
      return undefined;
    case undefined: case '-h': case '--help': case 'help':
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(`flint: unknown command ${JSON.stringify(command)}\n${USAGE}`);
      return 2;
  }
}

/** A subcommand's own arguments: those before `--` (the rest belong to the submitted program). */
function ownFlags(args: readonly string[]): readonly string[] {
  const split = args.indexOf('--');
  return split < 0 ? args : args.slice(0, split);
}

main(process.argv.slice(2)).then(
  (code) => { if (code !== undefined) process.exit(code); },
  exitWithError,
);
