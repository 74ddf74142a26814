// dataframe/expressions: expressions as plain data, the Column API and functions that build them,
// their codecs and names, the function registry, and the analyzer that types and binds them.
export * from './expression.js';
export * from './literal-value.js';
export * from './column.js';
export * from './functions.js';
export * from './aggregate-functions.js';
export * from './expression-name.js';
export * from './expression-codec.js';
export * from './bound-expression.js';
export * from './function-registry.js';
export * from './can-cast.js';
export * from './like-pattern.js';
export * from './suggest.js';
export * from './resolve-expression.js';
