// Decoding a shuffle block fetched from a peer: the fetch gave this reader the block's only copy, so
// byte-array records are returned as views of it instead of copies (one copy and one backing store
// per 64 KiB record fewer, which is most of a binary shuffle's garbage). Blocks read from the local
// block manager are still decoded with copies: their bytes stay stored and must not change.
import { addExtension } from 'msgpackr';
import { decodeTaskValue } from './task-protocol.js';

// msgpackr's typed-array extension (0x74), reproduced: a type code, then the bytes. Every other code
// decodes as msgpackr does; code 1 (Uint8Array) becomes a view while `viewing` is set.
const TYPED_ARRAYS = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array];
const UINT8_CODE = 1;
let viewing = false;

addExtension({
  type: 0x74,
  unpack(data: Uint8Array): unknown {
    const code = data[0];
    if (viewing && code === UINT8_CODE) return new Uint8Array(data.buffer, data.byteOffset + 1, data.byteLength - 1);
    // A fresh, aligned ArrayBuffer (wider element types need alignment).
    const buffer = Uint8Array.prototype.slice.call(data, 1).buffer;
    const Typed = TYPED_ARRAYS[code];
    if (Typed !== undefined) return new Typed(buffer);
    if (code === 16) return buffer;
    if (code === 17) return new DataView(buffer);
    throw new Error(`Could not find typed array for code ${code}`);
  },
} as Parameters<typeof addExtension>[0]);

/** `decodeTaskValue(bytes)` for bytes nothing else holds: Uint8Array values are views of `bytes`. */
export function decodeOwnedBlock(bytes: Uint8Array): unknown {
  viewing = true;
  try {
    return decodeTaskValue(bytes);
  } finally {
    viewing = false;
  }
}
