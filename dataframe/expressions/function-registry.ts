// Scalar functions callable by name from a `call` expression: each entry types its arguments (the casts to
// insert) and its result. Their kernels live in dataframe/exec; both sides key on the same name.
import type { DataType } from '../types/index.js';
import { isNumeric } from '../types/index.js';

/** How a function types a call: the type each argument is cast to, and the result. */
export interface FunctionSignature {
  readonly argTypes: readonly DataType[];
  readonly dataType: DataType;
  /** True when the result may be null even if no argument is. */
  readonly introducesNull: boolean;
}

export interface ScalarFunction {
  readonly name: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Null when the argument types are not accepted. */
  readonly signature: (args: readonly DataType[]) => FunctionSignature | null;
}

const STRING: DataType = { kind: 'string' };
const DOUBLE: DataType = { kind: 'double' };
const stringArg = (t: DataType) => t.kind !== 'array' && t.kind !== 'map' && t.kind !== 'struct';

const FUNCTIONS: readonly ScalarFunction[] = [
  { name: 'upper', minArgs: 1, maxArgs: 1, signature: ([a]) => (stringArg(a) ? { argTypes: [STRING], dataType: STRING, introducesNull: false } : null) },
  { name: 'lower', minArgs: 1, maxArgs: 1, signature: ([a]) => (stringArg(a) ? { argTypes: [STRING], dataType: STRING, introducesNull: false } : null) },
  { name: 'length', minArgs: 1, maxArgs: 1, signature: ([a]) => (stringArg(a) ? { argTypes: [STRING], dataType: { kind: 'integer' }, introducesNull: false } : null) },
  { name: 'concat', minArgs: 0, maxArgs: Infinity, signature: (as) => (as.every(stringArg) ? { argTypes: as.map(() => STRING), dataType: STRING, introducesNull: false } : null) },
  {
    name: 'abs', minArgs: 1, maxArgs: 1,
    signature: ([a]) => {
      const t = a.kind === 'string' || a.kind === 'null' ? DOUBLE : a;
      return isNumeric(t) ? { argTypes: [t], dataType: t, introducesNull: false } : null;
    },
  },
  { name: 'sqrt', minArgs: 1, maxArgs: 1, signature: ([a]) => (isNumeric(a) || a.kind === 'string' || a.kind === 'null' ? { argTypes: [DOUBLE], dataType: DOUBLE, introducesNull: false } : null) },
];

const BY_NAME = new Map(FUNCTIONS.map((f) => [f.name, f]));

/** The registered function (names are case-insensitive, as in Spark). */
export function lookupFunction(name: string): ScalarFunction | undefined {
  return BY_NAME.get(name.toLowerCase());
}
