import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

/** An upsert's `set`: every column but the key(s) takes the proposed row's value (`excluded.<column>`). */
export function excludedSet<T extends PgTable>(
  table: T,
  keys: readonly (keyof T['_']['columns'])[],
): Record<string, SQL> {
  const set: Record<string, SQL> = {};
  for (const [prop, column] of Object.entries(getTableColumns(table)))
    if (!keys.includes(prop)) set[prop] = sql.raw(`excluded."${column.name}"`);
  return set;
}

/**
 * `true` only if `Row` carries every column of the table: an upsert of a row that lacks one would
 * write that column's default over the stored value. Each upsert asserts it at compile time.
 */
export type HasEveryColumn<Row, T extends PgTable> =
  Exclude<keyof T['$inferSelect'], keyof Row> extends never ? true : false;
