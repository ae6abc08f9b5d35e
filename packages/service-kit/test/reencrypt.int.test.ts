import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { runMigrations } from '@linkage/db';
import { freshDatabase, REPO_ROOT } from '@linkage/testing';
import { blindIndex, BlindIndexer, FieldCipher } from '../src/crypto.ts';
import { reencryptCommand } from '../../../infra/scripts/reencrypt.ts';

/**
 * Key rotation on intake's real schema (its migrations, real Postgres): rows written with key A, the
 * configuration rotated to B (A kept as an old key), `npm run reencrypt -- --service intake` run; then every
 * encrypted value and blind index carries B's key id, A can be removed, lookups still find the cases, and a
 * second run changes nothing.
 */
describe('npm run reencrypt (intake)', () => {
  const A = randomBytes(32);
  const B = randomBytes(32);
  const b64 = (k: Buffer) => k.toString('base64');
  let url: string;
  let sql: postgres.Sql;
  const people = [
    { name: '王某', phone: '138 0000 0001', idNumber: undefined, birthYear: 1990, street: 'xinqi' },
    { name: '李某', phone: '+86 13800000002', idNumber: undefined, birthYear: 1985, street: 'daqi' },
    { name: '赵某', phone: '13800000003', idNumber: undefined, birthYear: 1978, street: 'xinqi' },
    { name: '钱某', phone: '13800000004', idNumber: undefined, birthYear: 2001, street: 'xiaogang' },
    { name: '孙某', phone: '13800000005', idNumber: undefined, birthYear: 1969, street: 'chaiqiao' },
  ];
  const ids = people.map(() => randomUUID());
  const env = () => ({
    DATABASE_URL: url,
    FIELD_ENCRYPTION_KEY: b64(B),
    FIELD_ENCRYPTION_KEY_ID: 'b',
    FIELD_ENCRYPTION_OLD_KEYS: `a:${b64(A)}`,
    BLIND_INDEX_KEY: b64(B),
    BLIND_INDEX_KEY_ID: 'b',
    BLIND_INDEX_OLD_KEYS: `a:${b64(A)}`,
  });
  const onlyB = {
    cipher: new FieldCipher({ current: 'b', keys: { b: B } }),
    index: new BlindIndexer({ current: 'b', keys: { b: B } }),
  };
  const phoneLookup = async (indexer: BlindIndexer, phone: string) =>
    (
      await sql<{ case_id: string }[]>`select case_id::text from blind_indexes
        where kind = 'phone' and value = any(${indexer.candidates('victim.phone', phone)})`
    ).map((r) => r.case_id);

  beforeAll(async () => {
    url = await freshDatabase('reencrypt_intake');
    await runMigrations(url, resolve(REPO_ROOT, 'services/intake/drizzle'));
    sql = postgres(url, { max: 2, onnotice: () => {} });
    // As intake writes them with key A: sections bound to case and section, a note, an audit reason, bare indexes.
    const a = new FieldCipher({ current: 'a', keys: { a: A } });
    const legacy = new FieldCipher(A); // v1 rows (from before key ids) are re-encrypted too
    for (const [i, p] of people.entries()) {
      const id = ids[i]!;
      const { name, phone, birthYear, street } = p;
      await sql`insert into cases (id, case_number, channel, category, risk_level, flags, needs, owner_dept, opened_at,
          victim_enc, narrative_enc)
        values (${id}, ${`BL-T-${i}`}, 'hotline_12338', 'domestic_violence', 'standard', '{}'::jsonb, '[]'::jsonb,
          'wf:district', now(), ${a.encrypt(JSON.stringify({ name, phone, birthYear, street, sex: 'female' }), `${id}#victim`)},
          ${(i % 2 ? legacy : a).encrypt(`narrative ${i}`, `${id}#narrative`)})`;
      await sql`insert into audit_log (actor_sub, role, dept, action, entity_type, entity_id, case_id, details)
        values ('t', 'hotline_operator', 'wf:district', 'case.closed', 'case', ${id}, ${id},
          ${sql.json({ version: 2, reasonTextEnc: a.encrypt(`reason ${i}`, `${id}#audit:case.closed`) })})`;
      await sql`insert into blind_indexes (kind, value, case_id)
        values ('phone', ${blindIndex(A, 'victim.phone', phone.replace(/\D/g, '').replace(/^86(?=\d{11}$)/, ''))}, ${id}),
          ('name_birth_street', ${blindIndex(A, 'victim.name_birth_street', `${name}|${birthYear}|${street}`)}, ${id})`;
    }
  });

  afterAll(async () => {
    await sql?.end({ timeout: 5 });
  });

  it('rewrites every value and index with key B; A can go; lookups still work; a second run changes nothing', async () => {
    // Before: with A configured as an old key, lookups already find the bare A indexes (every configured key is tried).
    const both = new BlindIndexer({ current: 'b', keys: { b: B, a: A } });
    expect(await phoneLookup(both, '13800000002')).toEqual([ids[1]]);
    expect(await phoneLookup(onlyB.index, '13800000002')).toEqual([]);

    const lines: string[] = [];
    const report = await reencryptCommand(['--service', 'intake', '--batch-size', '2'], env(), (l) => lines.push(l));
    expect(report.reencrypted).toMatchObject({
      'cases.victim_enc': 5,
      'cases.narrative_enc': 5,
      'audit_log.details.reasonTextEnc': 5,
    });
    expect(report.reindexed).toEqual({ blind_indexes: 10 });
    expect(report.batches).toBeGreaterThanOrEqual(3 + 3 + 3); // 5 rows in batches of 2, per table
    const cases = await sql<{ id: string; victim_enc: string; narrative_enc: string }[]>`
      select id::text, victim_enc, narrative_enc from cases order by case_number`;
    for (const c of cases) {
      expect(c.victim_enc.startsWith('v2.b.') && c.narrative_enc.startsWith('v2.b.')).toBe(true);
      // B alone opens them (A is removable), with the same associated data
      expect(JSON.parse(onlyB.cipher.decrypt(c.victim_enc, `${c.id}#victim`))).toMatchObject({ sex: 'female' });
    }
    expect(
      cases.map((c, i) => onlyB.cipher.decrypt(c.narrative_enc, `${c.id}#narrative`) === `narrative ${i}`),
    ).toEqual(people.map(() => true));
    const audits = await sql<{ entity_id: string; details: { version: number; reasonTextEnc: string } }[]>`
      select entity_id, details from audit_log order by id`;
    for (const [i, r] of audits.entries()) {
      expect(r.details.version).toBe(2); // the rest of the details is kept
      expect(onlyB.cipher.decrypt(r.details.reasonTextEnc, `${r.entity_id}#audit:case.closed`)).toBe(`reason ${i}`);
    }
    const idx = await sql<{ value: string }[]>`select value from blind_indexes`;
    expect(idx).toHaveLength(10);
    expect(idx.every((r) => BlindIndexer.keyIdOf(r.value) === 'b')).toBe(true);
    // Lookups with B alone (normalised values, as intake computes them): by phone, and by name + birth year + street.
    expect(await phoneLookup(onlyB.index, '13800000002')).toEqual([ids[1]]);
    const byName = await sql<
      { case_id: string }[]
    >`select case_id::text from blind_indexes where kind = 'name_birth_street'
      and value = any(${onlyB.index.candidates('victim.name_birth_street', '赵某|1978|xinqi')})`;
    expect(byName.map((r) => r.case_id)).toEqual([ids[2]]);

    // Idempotent: nothing left to do, nothing changes.
    const before = await sql`select id, victim_enc, narrative_enc from cases order by id`;
    const again = await reencryptCommand(['--service', 'intake'], env(), () => {});
    expect(again).toEqual({ reencrypted: {}, reindexed: {}, batches: 0 });
    expect(await sql`select id, victim_enc, narrative_enc from cases order by id`).toEqual(before);
  });

  it('refuses to run without the id of the key to rotate to, and names what is missing', async () => {
    const { FIELD_ENCRYPTION_KEY_ID: _, ...noId } = env();
    await expect(reencryptCommand(['--service', 'intake'], noId, () => {})).rejects.toThrow(/FIELD_ENCRYPTION_KEY_ID/);
    await expect(reencryptCommand(['--service', 'nope'], env(), () => {})).rejects.toThrow(/--service: one of intake/);
  });

  it('stops at a value no configured key opens, naming the row, and writes nothing of that batch', async () => {
    const id = randomUUID();
    const stranger = new FieldCipher({ current: 'x', keys: { x: randomBytes(32) } });
    await sql`insert into cases (id, case_number, channel, category, risk_level, flags, needs, owner_dept, opened_at, wishes_enc)
      values (${id}, 'BL-T-X', 'hotline_12338', 'domestic_violence', 'standard', '{}'::jsonb, '[]'::jsonb, 'wf:district',
        now(), ${stranger.encrypt('w', `${id}#wishes`)})`;
    await expect(reencryptCommand(['--service', 'intake'], env(), () => {})).rejects.toThrow(
      new RegExp(`cases.wishes_enc of row ${id} does not open`),
    );
    const [row] = await sql<{ wishes_enc: string }[]>`select wishes_enc from cases where id = ${id}`;
    expect(row!.wishes_enc.startsWith('v2.x.')).toBe(true);
  });
});
