// explain()'s text of a logical plan, as Spark's TreeNode.treeString draws it: one node per line,
// children under "+- " (last) or ":- " (others), indented by ":  " or "   ".
import { assertNever } from '../../common/index.js';
import { expressionName } from '../expressions/index.js';
import type { LogicalPlan } from './logical-plan.js';
import { planChildren } from './logical-plan.js';

const list = (names: readonly string[]): string => `[${names.join(', ')}]`;

/** One line describing `p` without its children (Spark's simpleString). */
export function planNodeString(p: LogicalPlan): string {
  switch (p.kind) {
    case 'localRelation': return `LocalRelation ${list(p.schema.fields.map((f) => f.name))}`;
    case 'project': return `Project ${list(p.exprs.map(expressionName))}`;
    case 'filter': return `Filter ${expressionName(p.condition)}`;
    case 'aggregate': return `Aggregate ${list(p.grouping.map(expressionName))}, ${list(p.aggregates.map(expressionName))}`;
    case 'sort': return `Sort ${list(p.orders.map(expressionName))}, true`;
    case 'limit': return `GlobalLimit ${p.n}`;
    case 'join': {
      const how = { inner: 'Inner', left: 'LeftOuter', right: 'RightOuter', full: 'FullOuter', semi: 'LeftSemi', anti: 'LeftAnti' }[p.how];
      return p.criteria.kind === 'using' ? `Join UsingJoin(${how}, ${list(p.criteria.columns)})` : `Join ${how}, ${expressionName(p.criteria.condition)}`;
    }
    case 'distinct': return 'Distinct';
    case 'union': return 'Union false, false';
    default: return assertNever(p, 'logical plan');
  }
}

/** A tree of nodes given each node's line and children. */
export function drawTree<N>(root: N, line: (n: N) => string, children: (n: N) => readonly N[]): string {
  const out: string[] = [];
  const walk = (n: N, prefix: string, last: boolean[], depth: number) => {
    const head = depth === 0 ? '' : last.slice(0, -1).map((l) => (l ? '   ' : ':  ')).join('') + (last[last.length - 1] ? '+- ' : ':- ');
    out.push(`${prefix}${head}${line(n)}\n`);
    const cs = children(n);
    cs.forEach((c, i) => walk(c, prefix, [...last, i === cs.length - 1], depth + 1));
  };
  walk(root, '', [], 0);
  return out.join('');
}

/** Spark's treeString of a logical plan. */
export function planTreeString(p: LogicalPlan): string {
  return drawTree(p, planNodeString, planChildren);
}
