// storage/inference: Spark's type inference for text values (CSV fields, partition directory names).
export * from './infer-string-type.js';
