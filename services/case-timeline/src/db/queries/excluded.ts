import type { PgTable } from 'drizzle-orm/pg-core';

/** A row's property names (the columns an upsert writes). */
export const keysOf = <R extends object>(row: R) => Object.keys(row) as (keyof R & string)[];

/**
 * `true` only if `Row` carries every column of the table: an upsert of a row that lacks one would
 * write that column's default over the stored value. Each upsert asserts it at compile time.
 */
export type HasEveryColumn<Row, T extends PgTable> =
  Exclude<keyof T['$inferSelect'], keyof Row> extends never ? true : false;
