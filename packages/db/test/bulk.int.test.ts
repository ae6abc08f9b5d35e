import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boolean, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
// Relative: @linkage/db must not depend on @linkage/testing (which depends on it).
import { freshDatabase } from '../../testing/src/helpers.ts';
import { anyUuid, bulkInsert, createDb, onConflictUpdate, together, type DbClient } from '../src/index.ts';

const things = pgTable('bulk_things', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  tags: text('tags').array().notNull(),
  doc: jsonb('doc').notNull(),
  at: timestamp('at', { withTimezone: true }),
  n: integer('n').notNull(),
  flag: boolean('flag').notNull().default(false),
  note: text('note'),
});

const parts = pgTable('bulk_parts', {
  thingId: uuid('thing_id').notNull(),
  label: text('label').notNull(),
});

const u = (i: number) => `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`;

/** bulkInsert (rows as one JSON parameter), onConflictUpdate and anyUuid against a real Postgres. */
describe('bulk statements (real Postgres)', () => {
  let db: DbClient<{ things: typeof things }>;
  beforeAll(async () => {
    db = createDb(await freshDatabase('bulk'), { things });
    await db.db.execute(sql`create table bulk_things (id uuid primary key, name text not null, tags text[] not null,
      doc jsonb not null, at timestamptz, n integer not null, flag boolean not null default false, note text)`);
    await db.db.execute(
      sql`create table bulk_parts (thing_id uuid not null references bulk_things (id), label text not null)`,
    );
  });
  afterAll(async () => db?.close());

  const rows = [
    {
      id: u(1),
      name: `quotes ' " \\ and 中文 and emoji 👩`,
      tags: ['a', 'b,c', '{d}'],
      doc: { nested: { list: [1, 'two', null] }, s: "it's" },
      at: new Date('2026-11-29T01:02:03.456Z'),
      n: 7,
      note: null,
    },
    { id: u(2), name: 'second', tags: [], doc: ['an', 'array'], at: null, n: -1, note: 'x' },
  ];

  it('writes every type as drizzle would read it back, in one statement, and returns what it was asked to', async () => {
    const inserted = await db.db.execute<{ id: string }>(bulkInsert(things, rows, sql`returning id`));
    expect(inserted.map((r) => r.id).sort()).toEqual([u(1), u(2)]);
    const back = await db.db.select().from(things).orderBy(things.id);
    expect(back).toEqual(rows.map((r) => ({ ...r, flag: false }))); // an absent column takes its default
  });

  it('on conflict: do nothing skips existing rows; onConflictUpdate writes every given column over them', async () => {
    const again = await db.db.execute<{ id: string }>(
      bulkInsert(things, [{ ...rows[0]!, name: 'ignored' }], sql`on conflict do nothing returning id`),
    );
    expect(again).toHaveLength(0);
    const changed = { ...rows[1]!, name: 'changed', tags: ['z'], doc: { v: 2 }, n: 2, note: null };
    await db.db.execute(
      bulkInsert(things, [changed], onConflictUpdate(things, 'id', Object.keys(changed) as (keyof typeof changed)[])),
    );
    const [row] = await db.db
      .select()
      .from(things)
      .where(anyUuid(things.id, [u(2)]));
    expect(row).toEqual({ ...changed, flag: false });
    expect(
      await db.db
        .select()
        .from(things)
        .where(anyUuid(things.id, [u(1), u(2), u(3)])),
    ).toHaveLength(2);
    expect(await db.db.select().from(things).where(anyUuid(things.id, []))).toHaveLength(0);
  });

  it('anyUuid refuses anything but uuids (its list is one literal)', () => {
    expect(() => anyUuid(things.id, [`${u(1)}}`])).toThrow(/not a uuid/);
    expect(() => anyUuid(things.id, ['1,2'])).toThrow(/not a uuid/);
  });

  it('together: a row may reference one a sibling statement inserts; one failing statement writes nothing at all', async () => {
    const thing = { ...rows[1]!, id: u(10), name: 'with parts' };
    const [notified] = await db.db.execute<{ ok: number }>(
      together(
        [
          bulkInsert(parts, [
            { thingId: u(10), label: 'one' },
            { thingId: u(10), label: 'two' },
          ]),
          bulkInsert(things, [thing]),
        ],
        sql`select 1 as ok`,
      ),
    );
    expect(notified).toEqual({ ok: 1 });
    expect(
      (
        await db.db
          .select()
          .from(parts)
          .where(anyUuid(parts.thingId, [u(10)]))
      )
        .map((p) => p.label)
        .sort(),
    ).toEqual(['one', 'two']);
    // a part of a thing nobody inserts: the foreign key fails at the statement's end, and the sibling thing is undone
    await expect(
      db.db.execute(
        together([bulkInsert(things, [{ ...thing, id: u(11) }]), bulkInsert(parts, [{ thingId: u(12), label: 'x' }])]),
      ),
    ).rejects.toMatchObject({ cause: { code: '23503' } }); // foreign_key_violation
    expect(
      await db.db
        .select()
        .from(things)
        .where(anyUuid(things.id, [u(11)])),
    ).toHaveLength(0);
  });
});
