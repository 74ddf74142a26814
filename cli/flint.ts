#!/usr/bin/env node
// `flint`: the command-line entry. Subcommands: `status`, `runtime` (same as `node runtime`).
import { exitWithError } from './exit-with-error.js';
import { runNodeRuntime } from './node-runtime.js';
import { statusCommand } from './status-command.js';

const USAGE = `usage: flint <command> [options]

commands:
  status     show the cluster's leader, nodes and executors (--json for one JSON object)
  runtime    start a node or a master (same as \`node runtime\`)
`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'status':
      return statusCommand(rest);
    case 'runtime':
      return runNodeRuntime(rest);
    case undefined: case '-h': case '--help': case 'help':
      process.stdout.write(USAGE);
      return;
    default:
      process.stderr.write(`flint: unknown command ${JSON.stringify(command)}\n${USAGE}`);
      process.exit(2);
  }
}

main(process.argv.slice(2)).then(
  () => { if (process.argv[2] === 'status') process.exit(0); },
  exitWithError,
);
