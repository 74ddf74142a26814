// The eight TPC-H tables' Arrow schemas: dbgen's column names, 64-bit keys, decimal(15,2) for money,
// quantities, discounts and taxes, DATE for dates, strings for text. No column is nullable.
import { DateDay, Field, Int32, Int64, Schema, Utf8, type DataType } from 'apache-arrow';
import { DecimalColumn } from './column-builders.js';

export const TABLE_NAMES = ['region', 'nation', 'supplier', 'customer', 'part', 'partsupp', 'orders', 'lineitem'] as const;
export type TableName = (typeof TABLE_NAMES)[number];

const key = (): DataType => new Int64();
const int = (): DataType => new Int32();
const money = (): DataType => DecimalColumn.type;
const date = (): DataType => new DateDay();
const str = (): DataType => new Utf8();

function schema(columns: readonly (readonly [string, () => DataType])[]): Schema {
  return new Schema(columns.map(([name, type]) => new Field(name, type(), false)));
}

/** Column names and types per table, in dbgen's column order. */
export const SCHEMAS: Readonly<Record<TableName, Schema>> = {
  region: schema([['r_regionkey', key], ['r_name', str], ['r_comment', str]]),
  nation: schema([['n_nationkey', key], ['n_name', str], ['n_regionkey', key], ['n_comment', str]]),
  supplier: schema([
    ['s_suppkey', key], ['s_name', str], ['s_address', str], ['s_nationkey', key], ['s_phone', str],
    ['s_acctbal', money], ['s_comment', str],
  ]),
  customer: schema([
    ['c_custkey', key], ['c_name', str], ['c_address', str], ['c_nationkey', key], ['c_phone', str],
    ['c_acctbal', money], ['c_mktsegment', str], ['c_comment', str],
  ]),
  part: schema([
    ['p_partkey', key], ['p_name', str], ['p_mfgr', str], ['p_brand', str], ['p_type', str], ['p_size', int],
    ['p_container', str], ['p_retailprice', money], ['p_comment', str],
  ]),
  partsupp: schema([
    ['ps_partkey', key], ['ps_suppkey', key], ['ps_availqty', int], ['ps_supplycost', money], ['ps_comment', str],
  ]),
  orders: schema([
    ['o_orderkey', key], ['o_custkey', key], ['o_orderstatus', str], ['o_totalprice', money], ['o_orderdate', date],
    ['o_orderpriority', str], ['o_clerk', str], ['o_shippriority', int], ['o_comment', str],
  ]),
  lineitem: schema([
    ['l_orderkey', key], ['l_partkey', key], ['l_suppkey', key], ['l_linenumber', int], ['l_quantity', money],
    ['l_extendedprice', money], ['l_discount', money], ['l_tax', money], ['l_returnflag', str], ['l_linestatus', str],
    ['l_shipdate', date], ['l_commitdate', date], ['l_receiptdate', date], ['l_shipinstruct', str],
    ['l_shipmode', str], ['l_comment', str],
  ]),
};
