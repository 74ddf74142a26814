// moduleImports: the import bindings of a program, which bundle-shipped functions may use.
import t from 'tap';
import { ErrorCode } from '../../common/index.js';
import { moduleImports } from './closure-imports.js';
import { captureCheck } from './closure-check.js';

t.test('moduleImports lists default, named, renamed and namespace imports', async (t) => {
  const src = `#!/usr/bin/env node
import _ from 'lodash';
import { chunk, zip as z } from 'lodash';
import * as path from 'node:path';
import 'side-effect';
const local = 1;
export const f = (x) => chunk(x, local);`;
  const names = moduleImports(src);
  t.same([...names], [['_', 'lodash'], ['chunk', 'lodash'], ['z', 'lodash'], ['path', 'node:path']]);
  const fn = new Function('return (x) => path.join(z(x), String(local))')() as Function;
  t.throws(() => captureCheck(fn, {}, { moduleBindings: names.keys() }),
    { code: ErrorCode.ClosureCapture, fields: { variables: 'local' } }, 'module-level variables are still refused');
});

t.test('moduleImports reports a program it cannot parse', async (t) => {
  t.throws(() => moduleImports('import {'), { code: ErrorCode.InvalidArgument });
});
