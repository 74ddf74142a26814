// Kernels of the registered scalar functions (expressions/function-registry.ts) as JS expressions
// over non-null argument locals; the caller handles null propagation.
import { EngineError, ErrorCode } from '../../common/index.js';
import type { BoundCall } from '../expressions/index.js';

/** Expression computing `call` from argument locals; `nullable` when it may yield null itself. */
export function emitCall(call: BoundCall, args: readonly string[]): { expr: string; nullable: boolean } {
  const [a] = args;
  const t = call.dataType;
  switch (call.name) {
    case 'upper': return { expr: `${a}.toUpperCase()`, nullable: false };
    case 'lower': return { expr: `${a}.toLowerCase()`, nullable: false };
    case 'length': return { expr: `rt.stringLength(${a})`, nullable: false };
    case 'concat': return { expr: args.length === 0 ? "''" : `(${args.join(' + ')})`, nullable: false };
    case 'sqrt': return { expr: `Math.sqrt(${a})`, nullable: false };
    case 'abs':
      switch (t.kind) {
        case 'byte': return { expr: `(Math.abs(${a}) << 24 >> 24)`, nullable: false };
        case 'short': return { expr: `(Math.abs(${a}) << 16 >> 16)`, nullable: false };
        case 'integer': return { expr: `(Math.abs(${a}) | 0)`, nullable: false };
        case 'long': case 'decimal': return { expr: `(${a} < 0n ? BigInt.asIntN(${t.kind === 'long' ? 64 : 128}, -${a}) : ${a})`, nullable: false };
        default: return { expr: `Math.abs(${a})`, nullable: false };
      }
  }
  throw new EngineError(ErrorCode.Unsupported, `function ${call.name} has no kernel`, { fields: { functionName: call.name } });
}
