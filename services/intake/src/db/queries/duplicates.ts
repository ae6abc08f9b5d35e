import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '@linkage/db';
import type { IndexHit, MatchKey } from '../../domain/duplicates/match.ts';
import { blindIndexes, cases, duplicateSuggestions } from '../schema.ts';

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
 */
export async function findIndexHits(
  db: Executor,
  idx: { key: MatchKey; candidates: readonly string[] }[],
  excludeCaseId?: string,
): Promise<IndexHit[]> {
  const some = idx.filter((i) => i.candidates.length > 0);
  if (some.length === 0) return [];
  const ors = some.map(
    (i) => sql`(${blindIndexes.kind} = ${i.key} and ${inArray(blindIndexes.value, [...i.candidates])})`,
  );
  const rows = await db
    .select({ caseId: cases.id, caseNumber: cases.caseNumber, openedAt: cases.openedAt, key: blindIndexes.kind })
    .from(blindIndexes)
    .innerJoin(cases, eq(cases.id, blindIndexes.caseId))
    .where(and(sql`(${sql.join(ors, sql` or `)})`, excludeCaseId ? sql`${cases.id} <> ${excludeCaseId}` : undefined))
    .limit(200);
  return rows.map((r) => ({ ...r, key: r.key as MatchKey }));
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
