// The fixed allow-list of global names a shipped function may use: standard JavaScript and the
// pure parts of Node that exist identically on every executor. Nothing here reaches the file
// system, the process or the network on its own.

/** Standard and Node globals a shipped function may refer to freely. */
export const ALLOWED_GLOBALS: ReadonlySet<string> = new Set([
  // values
  'undefined', 'NaN', 'Infinity', 'globalThis',
  // functions
  'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'encodeURIComponent', 'decodeURIComponent',
  'encodeURI', 'decodeURI', 'structuredClone', 'queueMicrotask', 'setTimeout', 'clearTimeout',
  'setImmediate', 'clearImmediate', 'atob', 'btoa',
  // fundamental objects and collections
  'Object', 'Boolean', 'Symbol', 'Number', 'BigInt', 'Math', 'Date', 'String', 'RegExp',
  'Array', 'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry', 'JSON', 'Reflect',
  'Proxy', 'Promise', 'Intl', 'Atomics',
  // errors
  'Error', 'AggregateError', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError',
  'URIError',
  // binary data
  'ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray',
  'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array',
  'BigInt64Array', 'BigUint64Array', 'Buffer', 'TextEncoder', 'TextDecoder',
  // web-standard helpers present in Node 20
  'URL', 'URLSearchParams', 'console', 'performance', 'crypto',
]);

/**
 * Names esbuild's and TypeScript's emitted helpers use inside compiled functions. They are not
 * user captures: reviveFunction supplies an equivalent of each on the executor.
 * `__name(fn, "name")` is esbuild's keepNames helper (tsx and `flint submit` bundles emit it).
 */
export const COMPILER_HELPERS: ReadonlySet<string> = new Set(['__name']);

/** esbuild's keepNames helper, as the executor provides it to revived functions. */
export function keepNamesHelper<T extends object>(target: T, value: string): T {
  return Object.defineProperty(target, 'name', { value, configurable: true });
}
