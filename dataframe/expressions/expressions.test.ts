import t from 'tap';
import * as T from '../types/index.js';
import type { BoundExpression, Expression, ExpressionKind } from './index.js';
import {
  Column, callFunction, coalesce, col, expressionFromJson, expressionFromMsgpack, expressionName, expressionToJson,
  expressionToMsgpack, levenshtein, likeToRegex, lit, orderBySimilarity, resolveExpression, upper, when,
} from './index.js';

const schema = new T.StructType([
  new T.StructField('amount', new T.IntegerType(), false),
  new T.StructField('account', new T.StringType()),
  new T.StructField('price', new T.DecimalType(10, 2)),
  new T.StructField('ratio', new T.DoubleType()),
  new T.StructField('n', new T.LongType()),
  new T.StructField('flag', new T.BooleanType()),
  new T.StructField('Name', new T.StringType()),
]);

const samples: Record<ExpressionKind, Column> = {
  column: col('amount'),
  literal: lit(12345678901234n),
  binary: col('amount').plus(1).multiply(col('ratio')),
  unary: col('flag').not(),
  cast: col('account').cast('decimal(10,2)'),
  alias: col('amount').alias('a'),
  caseWhen: when(col('amount').gt(1), 'big').when(col('amount').eq(1), 'one').otherwise(lit(null)),
  in: col('amount').isin(1, 2, 3),
  like: col('account').like('a%\\_x'),
  rlike: col('account').rlike('^a.*z$'),
  coalesce: coalesce('account', lit('x')),
  call: upper('account'),
  sortOrder: col('n').desc(),
};

t.test('every expression kind round-trips through JSON and msgpack', async (t) => {
  for (const [kind, c] of Object.entries(samples)) {
    t.equal(c.expr.kind, kind);
    t.same(expressionFromJson(expressionToJson(c.expr)), c.expr, `json ${kind}`);
    t.same(expressionFromMsgpack(expressionToMsgpack(c.expr)), c.expr, `msgpack ${kind}`);
  }
  const bytes: Expression = { kind: 'literal', value: new Uint8Array([1, 2, 3]), dataType: new T.BinaryType() };
  t.same(expressionFromJson(expressionToJson(bytes)), bytes);
  t.same(expressionFromMsgpack(expressionToMsgpack(bytes)), bytes);
  const decoded = expressionFromJson(expressionToJson(samples.cast.expr));
  t.equal(decoded.kind === 'cast' && decoded.to instanceof T.DecimalType, true, 'data types are revived to classes');
});

t.test('Column names follow Spark', async (t) => {
  t.equal(expressionName(col('a').plus(col('b')).expr), '(a + b)');
  t.equal(expressionName(col('a').neq(1).expr), '(NOT (a = 1))');
  t.equal(expressionName(col('a').isNull().expr), '(a IS NULL)');
  t.equal(expressionName(col('a').cast('int').expr), 'CAST(a AS INT)');
  t.equal(expressionName(col('a').gt(1).and(col('b').lt(lit('x'))).expr), '((a > 1) AND (b < x))');
  t.equal(expressionName(samples.caseWhen.expr), 'CASE WHEN (amount > 1) THEN big WHEN (amount = 1) THEN one ELSE NULL END');
  t.equal(expressionName(samples.in.expr), '(amount IN (1, 2, 3))');
  t.equal(expressionName(col('a').negate().expr), '(- a)');
  t.equal(expressionName(lit(1.5).expr), '1.5');
  t.equal(expressionName(col('a').alias('x').expr), 'x');
  t.equal(String(col('a').between(1, 2)), "Column<'((a >= 1) AND (a <= 2))'>");
  t.equal(expressionName(col('`a.b`').expr), 'a.b');
});

t.test('literals infer PySpark types', async (t) => {
  const k = (c: Column) => (c.expr.kind === 'literal' ? T.simpleString(c.expr.dataType) : '');
  t.equal(k(lit(1)), 'int');
  t.equal(k(lit(2 ** 40)), 'bigint');
  t.equal(k(lit(1.5)), 'double');
  t.equal(k(lit('s')), 'string');
  t.equal(k(lit(true)), 'boolean');
  t.equal(k(lit(null)), 'void');
  t.equal(k(lit(new Date(0))), 'timestamp');
  t.equal(k(lit(2, new T.DoubleType())), 'double');
  const d = lit('12.5', new T.DecimalType(5, 2)).expr;
  t.equal(d.kind === 'literal' ? d.value : null, 1250n);
});

t.test('when/otherwise misuse throws', async (t) => {
  t.throws(() => col('a').when(col('b'), 1), { code: 'INVALID_ARGUMENT' });
  t.throws(() => when(col('a'), 1).otherwise(2).otherwise(3), { code: 'INVALID_ARGUMENT' });
});

const typeOf = (c: Column) => {
  const b = resolveExpression(c.expr, schema);
  return `${T.simpleString(b.dataType)}${b.nullable ? '?' : ''}`;
};

t.test('resolution types expressions with Spark coercion', async (t) => {
  t.equal(typeOf(col('amount')), 'int');
  t.equal(typeOf(col('AMOUNT')), 'int', 'names are case-insensitive');
  t.equal(typeOf(col('amount').plus(1)), 'int');
  t.equal(typeOf(col('amount').plus(col('n'))), 'bigint?');
  t.equal(typeOf(col('amount').divide(2)), 'double?');
  t.equal(typeOf(col('amount').plus(col('price'))), 'decimal(13,2)?');
  t.equal(typeOf(col('price').multiply(col('price'))), 'decimal(21,4)?');
  t.equal(typeOf(col('price').plus(col('ratio'))), 'double?');
  t.equal(typeOf(col('account').plus(1)), 'double?');
  t.equal(typeOf(col('amount').gt(lit('5'))), 'boolean');
  t.equal(typeOf(col('amount').isNull()), 'boolean');
  t.equal(typeOf(col('account').eqNullSafe(lit(null))), 'boolean');
  t.equal(typeOf(col('account').cast('int')), 'int?');
  t.equal(typeOf(col('amount').cast('string')), 'string');
  t.equal(typeOf(when(col('amount').gt(1), 1).otherwise(col('n'))), 'bigint?');
  t.equal(typeOf(when(col('amount').gt(1), 1).otherwise(2)), 'int');
  t.equal(typeOf(when(col('amount').gt(1), 1)), 'int?');
  t.equal(typeOf(coalesce('amount', lit(0))), 'int');
  t.equal(typeOf(coalesce('account', 'Name')), 'string?');
  t.equal(typeOf(col('amount').isin(1, 2.5)), 'boolean');
  t.equal(typeOf(col('account').like('a%')), 'boolean?');
  t.equal(typeOf(callFunction('length', 'account')), 'int?');
  t.equal(typeOf(col('amount').negate()), 'int');
  t.equal(typeOf(col('n').desc()), 'bigint?');
  const b = resolveExpression(col('amount').gt(lit('5')).expr, schema) as Extract<BoundExpression, { kind: 'comparison' }>;
  t.equal(b.right.kind, 'cast', 'the string side is cast to the numeric type');
  t.equal(T.simpleString(b.right.dataType), 'int');
});

t.test('resolution errors name the problem (ANALYSIS)', async (t) => {
  t.throws(() => resolveExpression(col('amout').expr, schema), {
    code: 'ANALYSIS',
    message: '[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column or function parameter with name `amout` cannot be resolved. Did you mean one of the following? [`amount`, `account`, `Name`, `price`, `ratio`].',
  });
  t.throws(() => resolveExpression(col('x').expr, new T.StructType([])), {
    code: 'ANALYSIS', message: '[UNRESOLVED_COLUMN.WITHOUT_SUGGESTION] A column or function parameter with name `x` cannot be resolved.',
  });
  t.throws(() => resolveExpression(col('flag').plus(1).expr, schema), { code: 'ANALYSIS', fields: { errorClass: 'DATATYPE_MISMATCH' } });
  t.throws(() => resolveExpression(col('amount').and(col('flag')).expr, schema), { code: 'ANALYSIS' });
  t.throws(() => resolveExpression(callFunction('nope', 'amount').expr, schema), { code: 'ANALYSIS', fields: { errorClass: 'UNRESOLVED_ROUTINE' } });
  t.throws(() => resolveExpression(callFunction('upper').expr, schema), { code: 'ANALYSIS', fields: { errorClass: 'WRONG_NUM_ARGS' } });
  const dup = new T.StructType([new T.StructField('a', new T.IntegerType()), new T.StructField('A', new T.IntegerType())]);
  t.throws(() => resolveExpression(col('a ').expr, dup), { code: 'ANALYSIS' });
  t.equal(resolveExpression(col('A').expr, dup).kind === 'input' && (resolveExpression(col('A').expr, dup) as { ordinal: number }).ordinal, 1);
});

t.test('suggestions and LIKE translation', async (t) => {
  t.equal(levenshtein('amout', 'amount'), 1);
  t.equal(levenshtein('', 'abc'), 3);
  t.same(orderBySimilarity('amout', ['account', 'amount', 'zzz']), ['amount', 'account', 'zzz']);
  t.equal(likeToRegex('a%b_c'), '^a.*b.c$');
  t.equal(likeToRegex('100\\%'), '^100%$');
  t.equal(likeToRegex('a.b'), '^a\\.b$');
  t.throws(() => likeToRegex('a\\b'), { code: 'ANALYSIS' });
});
