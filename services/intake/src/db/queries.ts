import { and, asc, count, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '@linkage/db';
import { DASH_V1, type Checklist } from '../domain/risk/checklist.ts';
import {
  blindIndexes,
  cases,
  caseNumberSeq,
  duplicateSuggestions,
  mandatoryReports,
  notes,
  receiptNumberSeq,
  referralRequests,
  riskAssessments,
  riskChecklists,
  statusSummary,
  handoffs,
  type CaseRow,
} from './schema.ts';
import type { Handoff } from '../domain/dossier/handoffs.ts';
import type { StatusEntry } from '../domain/summary/projections.ts';
import type { IndexHit, MatchKey } from '../domain/duplicates/match.ts';

export async function nextCaseNumber(tx: Executor, year: number): Promise<string> {
  const [row] = await tx.execute<{ n: string }>(sql`select nextval(${caseNumberSeq.seqName}) as n`);
  return `BL-${year}-${String(row!.n).padStart(6, '0')}`;
}

export async function nextReceiptNumber(tx: Executor, year: number): Promise<string> {
  const [row] = await tx.execute<{ n: string }>(sql`select nextval(${receiptNumberSeq.seqName}) as n`);
  return `MR-${year}-${String(row!.n).padStart(6, '0')}`;
}

export async function insertCase(tx: Executor, row: typeof cases.$inferInsert): Promise<void> {
  await tx.insert(cases).values(row);
}

export async function updateCase(tx: Executor, id: string, set: Partial<typeof cases.$inferInsert>): Promise<void> {
  await tx.update(cases).set(set).where(eq(cases.id, id));
}

export async function insertReferralRequests(
  tx: Executor,
  rows: (typeof referralRequests.$inferInsert)[],
): Promise<void> {
  if (rows.length > 0) await tx.insert(referralRequests).values(rows);
}

export async function findCase(db: Executor, id: string): Promise<CaseRow | undefined> {
  const [row] = await db.select().from(cases).where(eq(cases.id, id));
  return row;
}

/** The case row, locked until the transaction ends: commands on one case are serialised. */
export async function lockCase(tx: Executor, id: string): Promise<CaseRow | undefined> {
  const [row] = await tx.select().from(cases).where(eq(cases.id, id)).for('update');
  return row;
}

export async function referralRequestsOf(db: Executor, caseId: string) {
  return db
    .select()
    .from(referralRequests)
    .where(eq(referralRequests.caseId, caseId))
    .orderBy(asc(referralRequests.requestedAt), asc(referralRequests.id));
}

export async function insertRiskAssessment(tx: Executor, row: typeof riskAssessments.$inferInsert): Promise<void> {
  await tx.insert(riskAssessments).values(row);
}

export async function riskAssessmentsOf(db: Executor, caseId: string) {
  return db
    .select()
    .from(riskAssessments)
    .where(eq(riskAssessments.caseId, caseId))
    .orderBy(asc(riskAssessments.assessedAt), asc(riskAssessments.id));
}

export async function insertBlindIndexes(
  tx: Executor,
  caseId: string,
  idx: { key: MatchKey; value: string }[],
): Promise<void> {
  if (idx.length > 0)
    await tx
      .insert(blindIndexes)
      .values(idx.map((i) => ({ kind: i.key, value: i.value, caseId })))
      .onConflictDoNothing();
}

export async function replaceBlindIndexes(
  tx: Executor,
  caseId: string,
  idx: { key: MatchKey; value: string }[],
): Promise<void> {
  await tx.delete(blindIndexes).where(eq(blindIndexes.caseId, caseId));
  await insertBlindIndexes(tx, caseId, idx);
}

/** Equality lookup on the keyed indexes — no row is decrypted. */
export async function findIndexHits(
  db: Executor,
  idx: { key: MatchKey; value: string }[],
  excludeCaseId?: string,
): Promise<IndexHit[]> {
  if (idx.length === 0) return [];
  const ors = idx.map((i) => sql`(${blindIndexes.kind} = ${i.key} and ${blindIndexes.value} = ${i.value})`);
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

export async function insertNote(tx: Executor, row: typeof notes.$inferInsert): Promise<void> {
  await tx.insert(notes).values(row);
}

export async function notesOf(db: Executor, caseId: string) {
  return db.select().from(notes).where(eq(notes.caseId, caseId)).orderBy(asc(notes.createdAt), asc(notes.id));
}

export async function insertMandatoryReport(tx: Executor, row: typeof mandatoryReports.$inferInsert): Promise<void> {
  await tx.insert(mandatoryReports).values(row);
}

/** A reporter's own reports (by account and institution), with the case status. */
export async function reportsOf(db: Executor, reporterSub: string, reporterDept: string, receiptNumber?: string) {
  return db
    .select({
      receiptNumber: mandatoryReports.receiptNumber,
      receivedAt: mandatoryReports.receivedAt,
      caseId: cases.id,
      status: cases.status,
      requested: cases.requested,
    })
    .from(mandatoryReports)
    .innerJoin(cases, eq(cases.id, mandatoryReports.caseId))
    .where(
      and(
        eq(mandatoryReports.reporterSub, reporterSub),
        eq(mandatoryReports.reporterDept, reporterDept),
        receiptNumber ? eq(mandatoryReports.receiptNumber, receiptNumber) : undefined,
      ),
    )
    .orderBy(desc(mandatoryReports.receivedAt))
    .limit(200);
}

export async function mandatoryReportOfCase(db: Executor, caseId: string) {
  const [row] = await db.select().from(mandatoryReports).where(eq(mandatoryReports.caseId, caseId));
  return row;
}

/** Upsert a status entry; an older event never overwrites a newer state. */
export async function upsertStatus(tx: Executor, e: StatusEntry, eventType: string): Promise<void> {
  const row = {
    caseId: e.caseId,
    ref: e.ref,
    service: e.service,
    department: e.department,
    assignedDept: e.assignedDept,
    status: e.status,
    dueAt: e.dueAt ? new Date(e.dueAt) : null,
    at: new Date(e.at),
    eventType,
  };
  await tx
    .insert(statusSummary)
    .values(row)
    .onConflictDoUpdate({
      target: [statusSummary.caseId, statusSummary.ref],
      // a later step that does not name the department keeps the one already known
      set: {
        status: row.status,
        department: sql`coalesce(excluded.department, ${statusSummary.department})`,
        assignedDept: sql`coalesce(excluded.assigned_dept, ${statusSummary.assignedDept})`,
        dueAt: row.dueAt,
        at: row.at,
        eventType,
      },
      setWhere: sql`${statusSummary.at} <= excluded.at`,
    });
}

export async function statusOf(db: Executor, caseId: string) {
  return db
    .select()
    .from(statusSummary)
    .where(eq(statusSummary.caseId, caseId))
    .orderBy(asc(statusSummary.at), asc(statusSummary.ref));
}

export interface CaseFilter {
  ownerDept?: string | undefined;
  streets?: string[] | undefined;
  status?: string | undefined;
  riskLevel?: string | undefined;
  street?: string | undefined;
  category?: string | undefined;
  repeat?: boolean | undefined;
  openedFrom?: Date | undefined;
  openedTo?: Date | undefined;
}

export async function searchCases(db: Executor, f: CaseFilter, page: number, pageSize: number) {
  const where: SQL[] = [];
  if (f.ownerDept) where.push(eq(cases.ownerDept, f.ownerDept));
  if (f.streets && f.streets.length > 0) where.push(inArray(cases.street, f.streets));
  if (f.status) where.push(eq(cases.status, f.status));
  if (f.riskLevel) where.push(eq(cases.riskLevel, f.riskLevel));
  if (f.street) where.push(eq(cases.street, f.street));
  if (f.category) where.push(eq(cases.category, f.category));
  if (f.repeat !== undefined) where.push(eq(cases.repeat, f.repeat));
  if (f.openedFrom) where.push(gte(cases.openedAt, f.openedFrom));
  if (f.openedTo) where.push(lte(cases.openedAt, f.openedTo));
  const cond = where.length > 0 ? and(...where) : undefined;
  const [total] = await db.select({ n: count() }).from(cases).where(cond);
  const items = await db
    .select({
      id: cases.id,
      caseNumber: cases.caseNumber,
      channel: cases.channel,
      category: cases.category,
      street: cases.street,
      riskLevel: cases.riskLevel,
      repeat: cases.repeat,
      status: cases.status,
      openedAt: cases.openedAt,
      version: cases.version,
    })
    .from(cases)
    .where(cond)
    .orderBy(desc(cases.openedAt), desc(cases.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { total: total?.n ?? 0, items };
}

/** The active risk checklist: the latest published by an admin, else the built-in default. */
export async function activeChecklist(db: Executor): Promise<Checklist> {
  const [row] = await db.select().from(riskChecklists).where(eq(riskChecklists.active, true));
  return row ? (row.definition as Checklist) : DASH_V1;
}

/** Publish a new version and make it the active one (the previous stays, inactive). */
export async function publishChecklist(tx: Executor, c: Checklist, by: string, at: Date): Promise<boolean> {
  await tx.execute(sql`lock table risk_checklists in share row exclusive mode`);
  const [exists] = await tx
    .select({ v: riskChecklists.version })
    .from(riskChecklists)
    .where(eq(riskChecklists.version, c.version));
  if (exists || c.version === DASH_V1.version) return false;
  await tx.update(riskChecklists).set({ active: false }).where(eq(riskChecklists.active, true));
  await tx
    .insert(riskChecklists)
    .values({ version: c.version, definition: c, active: true, publishedAt: at, publishedBy: by });
  return true;
}

/** Upsert a hand-off; an older event never overwrites a newer state; what a later step does not name is kept. */
export async function upsertHandoff(tx: Executor, h: Handoff, eventType: string): Promise<void> {
  const row = {
    caseId: h.caseId,
    ref: h.ref,
    deptType: h.deptType,
    depts: h.depts,
    street: h.street,
    status: h.status,
    at: new Date(h.at),
    eventType,
  };
  await tx
    .insert(handoffs)
    .values(row)
    .onConflictDoUpdate({
      target: [handoffs.caseId, handoffs.ref],
      set: {
        status: row.status,
        depts: sql`case when jsonb_array_length(excluded.depts) = 0 then ${handoffs.depts} else excluded.depts end`,
        street: sql`coalesce(excluded.street, ${handoffs.street})`,
        at: row.at,
        eventType,
      },
      setWhere: sql`${handoffs.at} <= excluded.at`,
    });
}

export async function handoffsOf(db: Executor, caseId: string) {
  return db.select().from(handoffs).where(eq(handoffs.caseId, caseId)).orderBy(desc(handoffs.at), asc(handoffs.ref));
}
