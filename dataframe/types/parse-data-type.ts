// Parses Spark's DDL type strings (`int`, `bigint`, `decimal(10,2)`, `array<int>`, `map<string,int>`,
// `struct<a:int,b:string>`) as accepted by Column.cast('...'); unknown names throw ANALYSIS (Spark's parse error).
import { EngineError, ErrorCode } from '../../common/index.js';
import type { AtomicKind, DataType } from './data-type.js';
import { ArrayType, DecimalType, MapType, StructField, StructType, atomicOf } from './type-classes.js';

const NAMES: Readonly<Record<string, AtomicKind>> = {
  string: 'string', varchar: 'string', char: 'string', binary: 'binary', boolean: 'boolean', bool: 'boolean',
  tinyint: 'byte', byte: 'byte', smallint: 'short', short: 'short', int: 'integer', integer: 'integer',
  bigint: 'long', long: 'long', float: 'float', real: 'float', double: 'double', date: 'date',
  timestamp: 'timestamp', timestamp_ltz: 'timestamp', timestamp_ntz: 'timestamp_ntz', void: 'null', null: 'null',
};

/** Parses a type string such as `decimal(10,2)` or `array<struct<a:int>>`. */
export function parseDataType(text: string): DataType {
  const p = new Parser(text);
  const t = p.type();
  p.skip();
  if (p.pos !== text.length) p.fail();
  return t;
}

class Parser {
  pos = 0;
  constructor(private readonly s: string) {}

  skip(): void { while (this.pos < this.s.length && /\s/.test(this.s[this.pos])) this.pos++; }

  fail(): never {
    throw new EngineError(ErrorCode.Analysis, `[PARSE_SYNTAX_ERROR] Cannot parse data type '${this.s}' at position ${this.pos}`,
      { fields: { errorClass: 'PARSE_SYNTAX_ERROR', text: this.s, position: this.pos } });
  }

  expect(ch: string): void {
    this.skip();
    if (this.s[this.pos] !== ch) this.fail();
    this.pos++;
  }

  word(): string {
    this.skip();
    const m = /^[A-Za-z_][A-Za-z0-9_]*|^`[^`]*`/.exec(this.s.slice(this.pos));
    if (!m) this.fail();
    this.pos += m[0].length;
    return m[0].startsWith('`') ? m[0].slice(1, -1) : m[0];
  }

  int(): number {
    this.skip();
    const m = /^\d+/.exec(this.s.slice(this.pos));
    if (!m) this.fail();
    this.pos += m[0].length;
    return Number(m[0]);
  }

  peek(): string { this.skip(); return this.s[this.pos] ?? ''; }

  type(): DataType {
    const name = this.word().toLowerCase();
    if (name === 'decimal' || name === 'dec' || name === 'numeric') {
      if (this.peek() !== '(') return new DecimalType(10, 0);
      this.expect('(');
      const precision = this.int();
      let scale = 0;
      if (this.peek() === ',') { this.expect(','); scale = this.int(); }
      this.expect(')');
      return new DecimalType(precision, scale);
    }
    if ((name === 'varchar' || name === 'char') && this.peek() === '(') { this.expect('('); this.int(); this.expect(')'); }
    if (name === 'array') {
      this.expect('<'); const e = this.type(); this.expect('>');
      return new ArrayType(e, true);
    }
    if (name === 'map') {
      this.expect('<'); const k = this.type(); this.expect(','); const v = this.type(); this.expect('>');
      return new MapType(k, v, true);
    }
    if (name === 'struct') {
      this.expect('<');
      const fields: StructField[] = [];
      while (this.peek() !== '>') {
        const fname = this.word();
        if (this.peek() === ':') this.expect(':');
        fields.push(new StructField(fname, this.type(), true));
        if (this.peek() === ',') this.expect(',');
        else break;
      }
      this.expect('>');
      return new StructType(fields);
    }
    const kind = NAMES[name];
    if (kind === undefined) {
      throw new EngineError(ErrorCode.Analysis, `[UNSUPPORTED_DATATYPE] Unsupported data type "${name.toUpperCase()}".`,
        { fields: { errorClass: 'UNSUPPORTED_DATATYPE', text: this.s } });
    }
    return atomicOf(kind);
  }
}
