// explain()'s physical plan text: the operators the physical planner runs for a logical plan, named
// as Spark names them (HashAggregate over Exchange over partial HashAggregate, ShuffledHashJoin, ...).
import { assertNever } from '../../common/index.js';
import type { Expression } from '../expressions/index.js';
import { expressionName } from '../expressions/index.js';
import type { LogicalPlan } from '../plan/index.js';
import { collectAggregateCalls, drawTree, schemaOf } from '../plan/index.js';

interface Node { readonly line: string; readonly children: readonly Node[] }
const list = (xs: readonly string[]): string => `[${xs.join(', ')}]`;
const names = (es: readonly Expression[]): string[] => es.map(expressionName);

function physical(p: LogicalPlan): Node {
  const node = (line: string, ...children: Node[]): Node => ({ line, children });
  switch (p.kind) {
    case 'localRelation': return node(`LocalTableScan ${list(p.schema.fields.map((f) => f.name))}`);
    case 'project': return node(`Project ${list(names(p.exprs))}`, physical(p.child));
    case 'filter': return node(`Filter ${expressionName(p.condition)}`, physical(p.child));
    case 'aggregate': {
      const keys = list(names(p.grouping));
      const fns = p.aggregates.reduce<Expression[]>((calls, e) => collectAggregateCalls(e, calls), []).map(expressionName);
      const exchange = p.grouping.length === 0 ? 'Exchange SinglePartition' : `Exchange hashpartitioning(${names(p.grouping).join(', ')})`;
      return node(`HashAggregate(keys=${keys}, functions=${list(fns)})`,
        node(exchange, node(`HashAggregate(keys=${keys}, functions=${list(fns.map((f) => `partial_${f}`))})`, physical(p.child))));
    }
    case 'sort': return node(`Sort ${list(names(p.orders))}, true`, node(`Exchange rangepartitioning(${names(p.orders).join(', ')})`, physical(p.child)));
    case 'limit':
      if (p.child.kind === 'sort') {
        return node(`TakeOrderedAndProject(limit=${p.n}, orderBy=${list(names(p.child.orders))}, output=${list(schemaOf(p).fields.map((f) => f.name))})`, physical(p.child.child));
      }
      return node(`CollectLimit ${p.n}`, physical(p.child));
    case 'join': {
      const how = { inner: 'Inner', left: 'LeftOuter', right: 'RightOuter', full: 'FullOuter', semi: 'LeftSemi', anti: 'LeftAnti' }[p.how];
      const on = p.criteria.kind === 'using' ? list(p.criteria.columns) : expressionName(p.criteria.condition);
      return node(`ShuffledHashJoin ${on}, ${how}`, node('Exchange hashpartitioning(join keys)', physical(p.left)), node('Exchange hashpartitioning(join keys)', physical(p.right)));
    }
    case 'distinct': {
      const cols = list(schemaOf(p).fields.map((f) => f.name));
      return node(`HashAggregate(keys=${cols}, functions=[])`, node(`Exchange hashpartitioning(${cols.slice(1, -1)})`, physical(p.child)));
    }
    case 'union': return node('Union', physical(p.left), physical(p.right));
    default: return assertNever(p, 'logical plan');
  }
}

/** The physical plan tree of `p`, one operator per line. */
export function physicalTreeString(p: LogicalPlan): string {
  return drawTree(physical(p), (n) => n.line, (n) => n.children);
}
