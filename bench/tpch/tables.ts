// The eight table generators by name, in the order they are written.
import { customerTable } from './customer.js';
import { lineitemTable } from './lineitem.js';
import { ordersTable } from './orders.js';
import { partTable } from './part.js';
import { partsuppTable } from './partsupp.js';
import { nationTable, regionTable } from './region-nation.js';
import type { TableName } from './schema.js';
import { supplierTable } from './supplier.js';
import type { TableGenerator } from './table-generator.js';

export const TABLES: Readonly<Record<TableName, TableGenerator>> = {
  region: regionTable,
  nation: nationTable,
  supplier: supplierTable,
  customer: customerTable,
  part: partTable,
  partsupp: partsuppTable,
  orders: ordersTable,
  lineitem: lineitemTable,
};
