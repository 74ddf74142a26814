// Where executors find the stage runner: the URL of the compiled stage-runner.js that shipped stage
// functions import. Executors (worker threads, cluster processes) run Flint from dist/, so under tsx
// the source module maps to its compiled twin; a cluster's nodes need Flint at the same path.
const here = import.meta.url;

/** URL of the compiled stage runner. */
export const STAGE_RUNNER_URL: string = here.endsWith('.ts')
  ? new URL('../../dist/dataframe/physical/stage-runner.js', here).href
  : new URL('./stage-runner.js', here).href;
