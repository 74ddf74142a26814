// PySpark's `functions` module: column builders, scalar functions and aggregates.
export {
  col, column, lit, when, coalesce, callFunction, upper, lower, length, abs, sqrt, concat, isnull, not, asc, desc,
  count, sum, avg, mean, min, max, countDistinct, count_distinct,
} from '../expressions/index.js';
