import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boolean, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
// Relative: @linkage/db must not depend on @linkage/testing (which depends on it).
import { freshDatabase } from '../../testing/src/helpers.ts';
import { copyField, copyInto, createDb, type DbClient } from '../src/index.ts';

const rows_ = pgTable('copy_rows', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  doc: jsonb('doc'),
  at: timestamp('at', { withTimezone: true }),
  n: integer('n'),
  flag: boolean('flag'),
  note: text('note'),
});
type Row = typeof rows_.$inferInsert;

const u = (i: number) => `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`;

describe('copyField (COPY text format)', () => {
  it('escapes what the format gives a meaning to, and nothing else', () => {
    expect(copyField(null, false)).toBe('\\N');
    expect(copyField(undefined, true)).toBe('\\N');
    expect(copyField('a\\b\tc\nd\re', false)).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyField('\\N', false)).toBe('\\\\N'); // the text "\N", not a null
    expect(copyField('家庭暴力 "quoted"', false)).toBe('家庭暴力 "quoted"');
    expect(copyField({ s: 'x\ny', q: '"' }, true)).toBe('{"s":"x\\\\ny","q":"\\\\""}');
    expect(copyField(new Date('2026-11-20T02:00:00.000Z'), false)).toBe('2026-11-20T02:00:00.000Z');
    expect(copyField(true, false)).toBe('t');
    expect(copyField(7, false)).toBe('7');
    expect(() => copyField({ a: 1 }, false)).toThrow(/non-json column/);
  });
});

/** copyInto against a real Postgres: what goes in comes back out; a refused COPY fails (and does not hang). */
describe('copyInto (real Postgres)', () => {
  let db: DbClient<Record<string, never>>;
  beforeAll(async () => {
    db = createDb(await freshDatabase('copy'), {});
    await db.db.execute(sql`create table copy_rows (id uuid primary key, name text not null, doc jsonb,
      at timestamptz, n integer, flag boolean, note text)`);
  });
  afterAll(async () => db?.close());

  const nasty: Row[] = [
    {
      id: u(1),
      name: 'tab\there, newline\nhere, return\rhere, backslash\\here, \\N and \\t literally',
      doc: { text: 'line\nbreak\ttab "quote" \\ back', list: [1, null, '二'], nested: { empty: '' } },
      at: new Date('2026-11-20T02:00:00.123Z'),
      n: -42,
      flag: false,
      note: null,
    },
    { id: u(2), name: '宁波市北仑区 12338', doc: null, at: null, n: null, flag: true, note: '' },
  ];
  const props = ['id', 'name', 'doc', 'at', 'n', 'flag', 'note'] as const;

  it('writes rows in several writes of one COPY, and reads them back unchanged', async () => {
    await db.sql.begin(async (tx) => {
      const copy = await copyInto<Row>(tx, rows_, props);
      await copy.write([nasty[0]!]);
      await copy.write([]);
      await copy.write([nasty[1]!]);
      await copy.end();
    });
    const back = await db.sql`select * from copy_rows order by id`;
    // (this client leaves timestamptz as Postgres' text)
    expect(back.map((r) => ({ ...r, at: r.at === null ? null : new Date(r.at as string) }))).toEqual(nasty);
  });

  it('a COPY the server refuses rejects its end and rolls its transaction back', async () => {
    const before = (await db.sql`select count(*)::int as n from copy_rows`)[0]!.n as number;
    const attempt = db.sql.begin(async (tx) => {
      await tx`insert into copy_rows (id, name) values (${u(3)}, 'in the same transaction')`;
      const copy = await copyInto<Row>(tx, rows_, props);
      await copy.write([{ ...nasty[1]!, id: u(4) }, nasty[0]!]); // u(1) is there already: a duplicate key
      await copy.end();
    });
    await expect(attempt).rejects.toThrow(/copy into copy_rows failed/);
    expect((await db.sql`select count(*)::int as n from copy_rows`)[0]!.n).toBe(before);
  });
});
