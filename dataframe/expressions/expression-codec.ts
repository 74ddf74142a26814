// Expressions to and from JSON text and msgpack bytes. JSON tags bigint as {"$bigint":"…"} and bytes
// as {"$bytes":"base64"}; msgpackr carries both natively. Decoded data types are revived to classes.
import { Packr } from 'msgpackr';
import { reviveDataType } from '../types/index.js';
import type { DataType } from '../types/index.js';
import type { Expression } from './expression.js';

const packr = new Packr();

function replacer(_key: string, v: unknown): unknown {
  if (typeof v === 'bigint') return { $bigint: v.toString() };
  if (v instanceof Uint8Array) return { $bytes: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  return v;
}

function reviver(key: string, v: unknown): unknown {
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.$bigint === 'string') return BigInt(o.$bigint);
    if (typeof o.$bytes === 'string') return new Uint8Array(Buffer.from(o.$bytes, 'base64'));
    if ((key === 'dataType' || key === 'to') && typeof o.kind === 'string') return reviveDataType(o as unknown as DataType);
  }
  return v;
}

export function expressionToJson(e: Expression): string { return JSON.stringify(e, replacer); }
export function expressionFromJson(text: string): Expression { return JSON.parse(text, reviver) as Expression; }

export function expressionToMsgpack(e: Expression): Uint8Array { return packr.pack(e); }
export function expressionFromMsgpack(bytes: Uint8Array): Expression {
  return revive('', packr.unpack(bytes)) as Expression;
}

// msgpackr yields Buffers for bytes and plain objects for types: normalize as the JSON reviver does.
function revive(key: string, v: unknown): unknown {
  if (v instanceof Uint8Array) return new Uint8Array(v);
  if (Array.isArray(v)) return v.map((x) => revive('', x));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = (k === 'dataType' || k === 'to') ? x : revive(k, x);
    if (out.dataType !== undefined) out.dataType = reviveDataType(out.dataType as DataType);
    if (out.to !== undefined) out.to = reviveDataType(out.to as DataType);
    return out;
  }
  return v;
}
