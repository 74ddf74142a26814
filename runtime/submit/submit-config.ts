// Configuration keys of `flint submit` and the programs it runs (Spark's names where Spark has them).
import { config } from '../../common/index.js';

export const deployModeKey = config.string('spark.submit.deployMode', 'client',
  'Where the driver of a submitted program runs: client (the submitting process) or cluster (a node, restarted per --restart-policy). Set by flint submit.');
export const showConsoleProgress = config.boolean('spark.ui.showConsoleProgress', true,
  'Draw the [Stage N:===>   (done + running) / total] progress bar on stderr while jobs run (only when stderr is a terminal).');
