import type { TransactionSql } from 'postgres';
import type { Sql } from '@linkage/db';
import type { BlindIndexer, FieldCipher } from './crypto.ts';

/**
 * Re-encryption after a key rotation: every encrypted value not written with the current field key is
 * decrypted (with whichever configured key wrote it) and encrypted again with the current key, under the same
 * associated data; blind indexes not written with the current blind-index key are recomputed. Batched, one
 * transaction per batch (rows locked FOR UPDATE), idempotent: a value already under the current key is never
 * selected, so a second run changes nothing and an interrupted run resumes where it stopped.
 */

type Row = Record<string, unknown>;

/** One encrypted value in a row: a text column, or a string field inside a jsonb column (`details.reasonTextEnc`). */
export interface EncryptedValue {
  column: string;
  /** A field of a jsonb column holding the ciphertext, instead of the column itself. */
  jsonField?: string;
  /** The associated data it was encrypted with, from the row's columns. */
  aad: (row: Row) => string;
}

export interface EncryptedTable {
  table: string;
  /** Primary-key columns (rows are visited in this order, and updated by them). */
  key: string[];
  /** Further columns the associated data needs. */
  uses?: string[];
  values: EncryptedValue[];
  /** Shared tables a service may not have (skipped when absent). */
  optional?: boolean;
}

/** Blind indexes to recompute from their source (the plaintext is only in the encrypted source row). */
export interface BlindIndexTable {
  table: string;
  /** The column holding the index value (`<kid>.<hmac>` once keys rotate). */
  valueColumn: string;
  /** The column naming the source record the indexes belong to (all of its rows are rewritten together). */
  ownerColumn: string;
  /** The owner's indexes, recomputed with `indexer.index`, as full rows of the table. */
  recompute: (tx: TransactionSql, ownerIds: string[], cipher: FieldCipher, indexer: BlindIndexer) => Promise<Row[]>;
}

export interface ServiceCrypto {
  tables: EncryptedTable[];
  blindIndexes?: BlindIndexTable[];
}

export interface ReencryptReport {
  /** Values re-encrypted, by `table.column[.field]`. */
  reencrypted: Record<string, number>;
  /** Index rows rewritten, by table. */
  reindexed: Record<string, number>;
  batches: number;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;
const q = (name: string): string => {
  if (!IDENT.test(name)) throw new Error(`not a plain identifier: ${name}`);
  return `"${name}"`;
};
const like = (kid: string) => `${kid}.%`;

async function tableExists(sql: Sql, table: string): Promise<boolean> {
  const [r] = await sql<{ ok: boolean }[]>`select to_regclass(${`public.${table}`}) is not null as ok`;
  return r?.ok ?? false;
}

/** SQL for a value's stored text: the column, or its jsonb field. */
const valueSql = (v: EncryptedValue) => (v.jsonField ? `${q(v.column)}->>'${v.jsonField}'` : q(v.column));

export async function reencryptService(
  sql: Sql,
  spec: ServiceCrypto,
  cipher: FieldCipher,
  indexer: BlindIndexer | undefined,
  o: { batchSize?: number; log?: (line: string) => void } = {},
): Promise<ReencryptReport> {
  const batchSize = o.batchSize ?? 200;
  const log = o.log ?? (() => {});
  const kid = cipher.currentKeyId;
  if (!kid) throw new Error('FIELD_ENCRYPTION_KEY_ID is not set: without key ids there is nothing to rotate to');
  const report: ReencryptReport = { reencrypted: {}, reindexed: {}, batches: 0 };

  for (const t of spec.tables) {
    for (const v of t.values) if (v.jsonField && !FIELD.test(v.jsonField)) throw new Error(`bad field ${v.jsonField}`);
    if (!(await tableExists(sql, t.table))) {
      if (t.optional) continue;
      throw new Error(`table ${t.table} is missing (is the database migrated?)`);
    }
    const cols = [...new Set([...t.key, ...(t.uses ?? []), ...t.values.map((v) => v.column)])];
    // a stale value: present, and not of the form v2.<current kid>.…
    const stale = t.values.map((v) => `(${valueSql(v)} is not null and ${valueSql(v)} not like $1)`).join(' or ');
    const order = t.key.map(q).join(', ');
    for (;;) {
      let updated = 0;
      const n = await sql.begin(async (tx) => {
        const rows = await tx.unsafe<Row[]>(
          `select ${cols.map(q).join(', ')} from ${q(t.table)} where ${stale} order by ${order} limit ${batchSize} for update`,
          [like(`v2.${kid}`)],
        );
        for (const row of rows) {
          const set: Row = {};
          for (const v of t.values) {
            const where = `${t.table}.${v.column}${v.jsonField ? `.${v.jsonField}` : ''}`;
            const container = row[v.column];
            const stored = v.jsonField
              ? ((container as Record<string, unknown> | null)?.[v.jsonField] as string | undefined)
              : (container as string | null);
            if (typeof stored !== 'string' || !cipher.needsReencryption(stored)) continue;
            let fresh: string;
            try {
              fresh = cipher.reencrypt(stored, v.aad(row));
            } catch (err) {
              const id = t.key.map((k) => String(row[k])).join('/');
              throw new Error(`${where} of row ${id} does not open: ${(err as Error).message}`);
            }
            if (v.jsonField) {
              const base = (set[v.column] ?? container) as Record<string, unknown>;
              set[v.column] = { ...base, [v.jsonField]: fresh };
            } else set[v.column] = fresh;
            report.reencrypted[where] = (report.reencrypted[where] ?? 0) + 1;
          }
          const names = Object.keys(set);
          if (names.length === 0) continue;
          updated++;
          const params = [...names.map((c) => set[c]), ...t.key.map((k) => row[k])];
          await tx.unsafe(
            `update ${q(t.table)} set ${names.map((c, i) => `${q(c)} = $${i + 1}`).join(', ')} where ${t.key
              .map((k, i) => `${q(k)} = $${names.length + i + 1}`)
              .join(' and ')}`,
            params as never[],
          );
        }
        return rows.length;
      });
      if (n === 0) break;
      report.batches++;
      log(`${t.table}: ${updated} rows re-encrypted with key ${kid}`);
      if (n < batchSize || updated === 0) break;
    }
  }

  for (const b of spec.blindIndexes ?? []) {
    const bkid = indexer?.currentKeyId;
    if (!indexer || !bkid)
      throw new Error('BLIND_INDEX_KEY_ID is not set: without key ids there is nothing to rotate to');
    for (;;) {
      const n = await sql.begin(async (tx) => {
        const owners = await tx.unsafe<{ owner: string }[]>(
          `select distinct ${q(b.ownerColumn)}::text as owner from ${q(b.table)}
           where ${q(b.valueColumn)} not like $1 order by 1 limit ${batchSize}`,
          [like(bkid)],
        );
        if (owners.length === 0) return 0;
        const ids = owners.map((r) => r.owner);
        const rows = await b.recompute(tx, ids, cipher, indexer);
        await tx.unsafe(`delete from ${q(b.table)} where ${q(b.ownerColumn)}::text = any($1::text[])`, [ids]);
        if (rows.length > 0) await tx`insert into ${tx(b.table)} ${tx(rows as Row[])} on conflict do nothing`;
        report.reindexed[b.table] = (report.reindexed[b.table] ?? 0) + rows.length;
        return owners.length;
      });
      if (n === 0) break;
      report.batches++;
      log(`${b.table}: indexes of ${n} records recomputed with key ${bkid}`);
      if (n < batchSize) break;
    }
  }
  return report;
}
