// dataframe/show: Spark's Dataset.show text layout and the cell text of every data type.
export * from './format-show.js';
export * from './cell-string.js';
