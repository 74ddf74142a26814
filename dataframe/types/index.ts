// dataframe/types: Spark's data types as plain data with PySpark-named classes, their names and
// printSchema tree, Arrow mapping, implicit coercion rules, and Java's text forms of values.
export * from './data-type.js';
export * from './type-classes.js';
export * from './type-names.js';
export * from './tree-string.js';
export * from './parse-data-type.js';
export * from './coercion.js';
export * from './arrow-types.js';
export * from './java-format.js';
