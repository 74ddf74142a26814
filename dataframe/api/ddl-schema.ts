// A DDL schema string (`'a INT, b STRING NOT NULL'` or `'a: int, b: string'`) as a StructType.
import { EngineError, ErrorCode } from '../../common/index.js';
import type { StructFieldData, StructTypeData } from '../types/index.js';
import { parseDataType } from '../types/index.js';

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0; let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '<' || c === '(') depth++;
    else if (c === '>' || c === ')') depth--;
    else if (c === ',' && depth === 0) { parts.push(s.slice(start, i)); start = i + 1; }
  }
  parts.push(s.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

export function parseDdlSchema(ddl: string): StructTypeData {
  const fields: StructFieldData[] = splitTopLevel(ddl).map((part) => {
    const m = /^(`(?:[^`]|``)+`|[^\s:`]+)\s*:?\s*(.+?)(\s+NOT\s+NULL)?$/is.exec(part);
    if (m === null) {
      throw new EngineError(ErrorCode.Analysis, `[PARSE_SYNTAX_ERROR] Syntax error at or near '${part}'.`, { fields: { errorClass: 'PARSE_SYNTAX_ERROR' } });
    }
    const name = m[1].startsWith('`') ? m[1].slice(1, -1).replace(/``/g, '`') : m[1];
    return { name, dataType: parseDataType(m[2]), nullable: m[3] === undefined, metadata: {} };
  });
  return { kind: 'struct', fields };
}
