import type { FastifyInstance } from 'fastify';
import type { Principal } from '@linkage/auth';
import { found } from '@linkage/domain';
import { audit } from '@linkage/service-kit';
import * as q from '../db/queries.ts';
import type { CaseRow } from '../db/schema.ts';
import { can } from '../domain/case/policy.ts';
import { stateOf } from './case-rows.ts';
import { decJson, decText, denied } from './sections.ts';

/** The case, and whether the caller may see its personal data (or only the de-identified view). */
async function readable(
  app: FastifyInstance,
  who: Principal,
  caseId: string,
): Promise<{ row: CaseRow; identified: boolean }> {
  const row = found(await q.findCase(app.store.db, caseId), 'The case');
  if (can(who, 'view_identified', row)) return { row, identified: true };
  if (can(who, 'view_deidentified', row)) return { row, identified: false };
  denied('view');
}

const statusView = (s: Awaited<ReturnType<typeof q.statusOf>>[number]) => ({
  ref: s.ref,
  service: s.service,
  department: s.department,
  assignedDept: s.assignedDept,
  status: s.status,
  dueAt: s.dueAt ? s.dueAt.toISOString() : null,
  at: s.at.toISOString(),
});

const suggestionView = (s: Awaited<ReturnType<typeof q.suggestionsOf>>[number]) => ({
  caseId: s.candidateCaseId,
  caseNumber: s.candidateCaseNumber,
  matchedOn: s.matchedOn,
  withinRepeatWindow: s.withinRepeatWindow,
  status: s.status,
});

/**
 * View a case. Operators and caseworkers of the owning dept see personal data (audited); coordinators a
 * de-identified view.
 */
export async function viewCase(app: FastifyInstance, who: Principal, caseId: string) {
  const { row, identified } = await readable(app, who, caseId);
  const db = app.store.db;
  const [requests, assessments, status] = await Promise.all([
    q.referralRequestsOf(db, caseId),
    q.riskAssessmentsOf(db, caseId),
    q.statusOf(db, caseId),
  ]);
  const base = {
    id: row.id,
    caseNumber: row.caseNumber,
    channel: row.channel,
    category: row.category,
    street: row.street,
    riskLevel: row.riskLevel,
    repeat: row.repeat,
    status: row.status,
    closeReason: row.closeReason,
    flags: row.flags,
    ageBand: row.ageBand,
    needs: row.needs,
    violenceTypes: row.violenceTypes,
    perpetratorRelation: row.perpetratorRelation,
    consent: stateOf(row).consent,
    overrides: row.overrides,
    openedAt: row.openedAt.toISOString(),
    version: row.version,
    referrals: requests.map((r) => ({ requestId: r.id, target: r.target, consentBasis: r.consentBasis })),
    riskAssessments: assessments.map((a) => ({
      id: a.id,
      checklistVersion: a.checklistVersion,
      yesCount: a.yesCount,
      level: a.level,
      raisedByJudgement: a.raisedByJudgement,
      assessedAt: a.assessedAt.toISOString(),
    })),
    statusSummary: status.map(statusView),
    unmetNeeds: row.unmetNeeds,
  };
  if (!identified) return { ...base, identified: false as const };
  const [suggestions, report] = await Promise.all([q.suggestionsOf(db, caseId), q.mandatoryReportOfCase(db, caseId)]);
  await audit(db, who, { action: 'case.personal_data.viewed', entityType: 'case', entityId: caseId, caseId });
  return {
    ...base,
    identified: true as const,
    victim: decJson(app, caseId, 'victim', row.victimEnc),
    caller: decJson(app, caseId, 'caller', row.callerEnc),
    perpetrator: decJson(app, caseId, 'perpetrator', row.perpetratorEnc),
    incident: decJson(app, caseId, 'incident', row.incidentEnc),
    wishes: decText(app, caseId, 'wishes', row.wishesEnc),
    narrative: decText(app, caseId, 'narrative', row.narrativeEnc),
    requests: decJson(app, caseId, 'requests', row.requestsEnc),
    duplicates: suggestions.map(suggestionView),
    // The reporter's identity stays confidential: only the receipt and the kind of institution.
    mandatoryReport: report
      ? { receiptNumber: report.receiptNumber, reporterKind: report.reporterKind, capacity: report.capacity }
      : null,
  };
}

export async function caseStatus(app: FastifyInstance, who: Principal, caseId: string) {
  const { row } = await readable(app, who, caseId);
  return {
    caseId,
    status: row.status,
    riskLevel: row.riskLevel,
    entries: (await q.statusOf(app.store.db, caseId)).map(statusView),
  };
}

export async function listNotes(app: FastifyInstance, who: Principal, caseId: string) {
  const row = found(await q.findCase(app.store.db, caseId), 'The case');
  if (!can(who, 'notes', row)) denied('read notes');
  const rows = await q.notesOf(app.store.db, caseId);
  await audit(app.store.db, who, {
    action: 'case.notes.viewed',
    entityType: 'case',
    entityId: caseId,
    caseId,
    details: { count: rows.length },
  });
  return rows.map((n) => ({
    id: n.id,
    text: app.cipher.decrypt(n.bodyEnc, `${n.id}#note`),
    authorRole: n.authorRole,
    authorDept: n.authorDept,
    createdAt: n.createdAt.toISOString(),
  }));
}

export async function listDuplicates(app: FastifyInstance, who: Principal, caseId: string) {
  const row = found(await q.findCase(app.store.db, caseId), 'The case');
  if (!can(who, 'duplicates', row)) denied('see duplicates');
  return (await q.suggestionsOf(app.store.db, caseId)).map(suggestionView);
}

export interface SearchQuery {
  page?: number;
  pageSize?: number;
  status?: string;
  riskLevel?: string;
  street?: string;
  category?: string;
  repeat?: boolean;
  openedFrom?: string;
  openedTo?: string;
}

/**
 * Search cases: operators and caseworkers see their department's cases, coordinators all (within their
 * streets). No personal data.
 */
export async function searchCases(app: FastifyInstance, who: Principal, s: SearchQuery) {
  const page = s.page ?? 1;
  const pageSize = s.pageSize ?? 20;
  const { total, items } = await q.searchCases(
    app.store.db,
    {
      ownerDept: who.role === 'coordinator' ? undefined : who.dept,
      streets: who.streets,
      status: s.status,
      riskLevel: s.riskLevel,
      street: s.street,
      category: s.category,
      repeat: s.repeat,
      openedFrom: s.openedFrom ? new Date(s.openedFrom) : undefined,
      openedTo: s.openedTo ? new Date(s.openedTo) : undefined,
    },
    page,
    pageSize,
  );
  return { page, pageSize, total, items: items.map((i) => ({ ...i, openedAt: i.openedAt.toISOString() })) };
}

/** A reporter's own reports: receipt number and a coarse status, nothing about the case's content. */
export async function myReports(app: FastifyInstance, who: Principal, receiptNumber?: string) {
  const rows = await q.reportsOf(app.store.db, who.sub, who.dept, receiptNumber);
  return rows.map((r) => ({
    receiptNumber: r.receiptNumber,
    receivedAt: r.receivedAt.toISOString(),
    status:
      r.status === 'closed'
        ? ('closed' as const)
        : r.requested.length > 0
          ? ('referred' as const)
          : ('received' as const),
  }));
}
