import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '@linkage/db';
import type { IndexHit, MatchKey } from '../../domain/duplicates/match.ts';
import {
  blindIndexes,
  caseNumberSeq,
  cases,
  duplicateSuggestions,
  receiptNumberSeq,
  riskChecklists,
} from '../schema.ts';

export const blindIndexRows = (caseId: string, idx: readonly { key: MatchKey; value: string }[]) =>
  idx.map((i) => ({ kind: i.key, value: i.value, caseId }));

export async function insertBlindIndexes(
  tx: Executor,
  caseId: string,
  idx: { key: MatchKey; value: string }[],
): Promise<void> {
  if (idx.length > 0) await tx.insert(blindIndexes).values(blindIndexRows(caseId, idx)).onConflictDoNothing();
}

export async function replaceBlindIndexes(
  tx: Executor,
  caseId: string,
  idx: { key: MatchKey; value: string }[],
): Promise<void> {
  await tx.delete(blindIndexes).where(eq(blindIndexes.caseId, caseId));
  await insertBlindIndexes(tx, caseId, idx);
}

/**
 * Equality lookup on the keyed indexes — no row is decrypted. Each index matches any of its candidates (its value
 * under every configured blind-index key), so cases indexed before a key rotation are still found.
 * The select (case_id, case_number, opened_at, key), or undefined when there is nothing to look up.
 */
export function indexHitsQuery(
  idx: readonly { key: MatchKey; candidates: readonly string[] }[],
  excludeCaseId?: string,
): SQL | undefined {
  const some = idx.filter((i) => i.candidates.length > 0);
  if (some.length === 0) return undefined;
  // drizzle writes an array as a parenthesised list of parameters
  const ors = some.map((i) => sql`(b.kind = ${i.key} and b.value in ${[...i.candidates]})`);
  return sql`select c.id as case_id, c.case_number, c.opened_at, b.kind as key
    from ${blindIndexes} b join ${cases} c on c.id = b.case_id
    where (${sql.join(ors, sql` or `)})${excludeCaseId ? sql` and c.id <> ${excludeCaseId}` : sql``}
    limit 200`;
}

type HitRow = { case_id: string; case_number: string; opened_at: string | Date; key: string };
const hitOf = (r: HitRow): IndexHit => ({
  caseId: r.case_id,
  caseNumber: r.case_number,
  openedAt: new Date(r.opened_at),
  key: r.key as MatchKey,
});

export async function findIndexHits(
  db: Executor,
  idx: { key: MatchKey; candidates: readonly string[] }[],
  excludeCaseId?: string,
): Promise<IndexHit[]> {
  const query = indexHitsQuery(idx, excludeCaseId);
  return query ? (await db.execute<HitRow>(query)).map(hitOf) : [];
}

/**
 * What opening a case reads, in one round trip: the earlier cases her identifying facts match, the active checklist
 * (if she was screened), and the next case number and receipt number (sequences: a number is never handed out twice;
 * a request that fails after this leaves a gap).
 */
export async function openingReads(
  db: Executor,
  idx: readonly { key: MatchKey; candidates: readonly string[] }[],
  o: { checklist: boolean; receipt: boolean },
): Promise<{ hits: IndexHit[]; caseSeq: string; checklist: unknown; receiptSeq: string | null }> {
  const hits = indexHitsQuery(idx);
  const [row] = await db.execute<{ hits: HitRow[]; case_seq: string; checklist: unknown; receipt_seq: string | null }>(
    sql`select nextval(${caseNumberSeq.seqName})::text as case_seq,
      ${o.receipt ? sql`nextval(${receiptNumberSeq.seqName})::text` : sql`null`} as receipt_seq,
      ${o.checklist ? sql`(select definition from ${riskChecklists} where active)` : sql`null`} as checklist,
      ${hits ? sql`(select coalesce(json_agg(h), '[]'::json) from (${hits}) h)` : sql`'[]'::json`} as hits`,
  );
  return {
    hits: row!.hits.map(hitOf),
    caseSeq: row!.case_seq,
    checklist: row!.checklist,
    receiptSeq: row!.receipt_seq,
  };
}

export async function insertSuggestions(
  tx: Executor,
  rows: (typeof duplicateSuggestions.$inferInsert)[],
): Promise<void> {
  if (rows.length > 0) await tx.insert(duplicateSuggestions).values(rows).onConflictDoNothing();
}

export async function suggestionsOf(db: Executor, caseId: string) {
  return db
    .select()
    .from(duplicateSuggestions)
    .where(eq(duplicateSuggestions.caseId, caseId))
    .orderBy(desc(duplicateSuggestions.candidateCaseNumber));
}

export async function lockSuggestion(tx: Executor, caseId: string, candidateCaseId: string) {
  const [row] = await tx
    .select()
    .from(duplicateSuggestions)
    .where(and(eq(duplicateSuggestions.caseId, caseId), eq(duplicateSuggestions.candidateCaseId, candidateCaseId)))
    .for('update');
  return row;
}

export async function decideSuggestion(
  tx: Executor,
  caseId: string,
  candidateCaseId: string,
  status: 'linked' | 'dismissed',
  at: Date,
): Promise<void> {
  await tx
    .update(duplicateSuggestions)
    .set({ status, decidedAt: at })
    .where(and(eq(duplicateSuggestions.caseId, caseId), eq(duplicateSuggestions.candidateCaseId, candidateCaseId)));
}
