// The names a user program binds by `import`: the module bindings captureCheck allows a shipped
// function to use when the program runs as a bundle that executors load (`flint submit`).

import { parse } from 'acorn';
import { EngineError, ErrorCode } from '../../common/index.js';

/** Local names bound by the static imports of ES module `source`, with the module each comes from. */
export function moduleImports(source: string): Map<string, string> {
  let program;
  try {
    program = parse(source, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true });
  } catch (err) {
    throw new EngineError(ErrorCode.InvalidArgument, `cannot read the program's imports: ${(err as Error).message}`,
      { cause: err });
  }
  const names = new Map<string, string>();
  for (const st of program.body) {
    if (st.type !== 'ImportDeclaration') continue;
    for (const spec of st.specifiers) names.set(spec.local.name, String(st.source.value));
  }
  return names;
}
