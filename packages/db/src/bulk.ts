import { getTableColumns, sql, type Column, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The table's columns by property name, restricted to `props` (in that order). */
function columnsOf(table: PgTable, props: readonly string[]): Column[] {
  const all = getTableColumns(table);
  return props.map((p) => {
    const c = all[p];
    if (!c) throw new Error(`bulk: ${p} is not a column of the table`);
    return c;
  });
}

/** A table's columns for a list of properties, and their quoted names, worked out once per table and list. */
const shapes = new WeakMap<PgTable, Map<string, { cols: Column[]; names: SQL }>>();
function shapeOf(table: PgTable, props: readonly string[]): { cols: Column[]; names: SQL } {
  let byProps = shapes.get(table);
  if (!byProps) shapes.set(table, (byProps = new Map()));
  const key = props.join(',');
  let shape = byProps.get(key);
  if (!shape) {
    const cols = columnsOf(table, props);
    shape = { cols, names: sql.raw(cols.map((c) => quote(c.name)).join(', ')) };
    byProps.set(key, shape);
  }
  return shape;
}

/**
 * Many rows in one statement with ONE parameter: the rows as a JSON array, turned into the table's record type by
 * Postgres (`jsonb_populate_recordset`). Drizzle's multi-row insert binds and maps every value of every row; for a
 * consumer batch of hundreds of rows that building was the consumer's largest CPU cost (`node --cpu-prof`).
 * Rows use the table's property names and all have the first row's keys; a Date becomes an ISO timestamp, an array a
 * Postgres array (or jsonb), an object jsonb. `tail`: an ON CONFLICT clause and/or RETURNING.
 */
export function bulkInsert<T extends PgTable>(
  table: T,
  rows: readonly Partial<T['$inferInsert']>[],
  tail: SQL = sql``,
): SQL {
  const props = Object.keys(rows[0] ?? {});
  const { cols, names } = shapeOf(table, props);
  const json = JSON.stringify(
    rows.map((r) => {
      const o: Record<string, unknown> = {};
      props.forEach((p, i) => (o[cols[i]!.name] = (r as Record<string, unknown>)[p] ?? null));
      return o;
    }),
  );
  return sql`insert into ${table} (${names}) select ${names} from jsonb_populate_recordset(null::${table}, ${json}::jsonb) ${tail}`;
}

/** `on conflict (<key>) do update set` every other column of the row to the proposed value. */
export function onConflictUpdate<T extends PgTable>(
  table: T,
  key: keyof T['_']['columns'] & string,
  props: readonly (keyof T['$inferInsert'] & string)[],
): SQL {
  const [k] = columnsOf(table, [key]);
  const set = columnsOf(
    table,
    props.filter((p) => p !== key),
  ).map((c) => `${quote(c.name)} = excluded.${quote(c.name)}`);
  return sql.raw(`on conflict (${quote(k!.name)}) do update set ${set.join(', ')}`);
}

/** `<column> = any(<ids>)` with one parameter (a uuid[] literal), whatever the number of ids. */
export function anyUuid(column: Column, ids: readonly string[]): SQL {
  for (const id of ids)
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
      throw new Error('anyUuid: not a uuid');
  return sql`${column} = any(${`{${ids.join(',')}}`}::uuid[])`;
}

/**
 * Several data-modifying statements as ONE (`with s0 as (<insert>), s1 as (…) <tail>`): one round trip, atomic
 * without BEGIN/COMMIT. Postgres checks foreign keys at the end of the statement, so a row may reference one inserted
 * by a sibling. The statements run on one snapshot and in no fixed order: none may read what another writes.
 */
export function together(statements: readonly SQL[], tail: SQL = sql`select 1`): SQL {
  if (statements.length === 0) return tail;
  const parts = statements.map((s, i) => sql`${sql.raw(`s${i}`)} as (${s})`);
  return sql`with ${sql.join(parts, sql`, `)} ${tail}`;
}
