import type { FastifyInstance } from 'fastify';
import type { Principal } from '@linkage/auth';
import { audit, found, noteWorker, withAssignees, type AssigneeFilter } from '@linkage/service-kit';
import {
  applicationsOfCase,
  applicationsOfCentre,
  caseOwnerOf,
  conflictsOf,
  findApplication,
  findLawyer,
  notesOf,
} from '../db/queries.ts';
import type { ApplicationRow } from '../db/schema.ts';
import { can, mayListFor, sees } from '../domain/policy.ts';
import { missingDocuments, requiredDocuments, type MatterType } from '../domain/application/checklist.ts';
import type { MeansOutcome } from '../domain/application/means.ts';

// Reads: the centre's list, the status other departments see, and the full file (every read audited).

/** What the centre's list shows: codes and dates, no personal data. */
export const summaryView = (r: ApplicationRow) => ({
  id: r.id,
  caseId: r.caseId,
  channel: r.channel,
  matterType: r.matterType,
  proceedings: r.proceedings,
  urgency: r.urgency,
  street: r.street,
  status: r.status,
  receivedAt: r.receivedAt.toISOString(),
  decideBy: r.decideBy.toISOString(),
  clockPaused: r.clockPausedAt !== null,
  meansOutcome: r.meansOutcome,
  urgentAidStarted: r.urgentAidStartedAt !== null,
  assignBy: r.assignBy?.toISOString() ?? null,
  reviewBy: r.reviewBy?.toISOString() ?? null,
  version: r.version,
});

/** Other departments (LAL Art. 21): status and dates only. */
export const statusView = (r: ApplicationRow) => ({
  id: r.id,
  caseId: r.caseId,
  status: r.status,
  receivedAt: r.receivedAt.toISOString(),
  decideBy: r.decideBy.toISOString(),
  decidedAt: r.decidedAt?.toISOString() ?? null,
  assignBy: r.assignBy?.toISOString() ?? null,
  assignedAt: r.assignedAt?.toISOString() ?? null,
  reviewBy: r.reviewBy?.toISOString() ?? null,
  closedAt: r.closedAt?.toISOString() ?? null,
});

/** The justice bureau's queue: objections to its centre's refusals and terminations (LAL Art. 49). */
export async function listObjections(app: FastifyInstance, who: Principal) {
  const centre = `legal_aid:${who.dept.slice(who.dept.indexOf(':') + 1)}`;
  can(who, 'review_objection', { centreDept: centre });
  return (await applicationsOfCentre(app.store.db, centre, 'objection_pending')).map(summaryView);
}

export async function listApplications(
  app: FastifyInstance,
  who: Principal,
  status?: string,
  assignee?: AssigneeFilter,
) {
  if (!mayListFor(who, 'manage')) can(who, 'manage'); // 403 with the policy's message
  await noteWorker(app.store.db, who, app.clock()); // the centre's officer becomes assignable here
  // the caller's centre, within the caller's streets: the rows `manage` would allow one by one
  const rows = (await applicationsOfCentre(app.store.db, who.dept, status))
    .filter((r) => sees(who, 'manage', r))
    .map(summaryView);
  return withAssignees(app.store.db, 'legal_aid_application', who, rows, assignee);
}

export async function applicationStatus(app: FastifyInstance, who: Principal, id: string) {
  const row = found(await findApplication(app.store.db, id), 'The application');
  can(who, 'view_status', { ...row, ownerDept: await caseOwnerOf(app.store.db, row.caseId) });
  return statusView(row);
}

/**
 * The case's applications the caller may see the status of; a case with applications, none of them the caller's, is a
 * 403.
 */
export async function caseStatus(app: FastifyInstance, who: Principal, caseId: string) {
  if (!mayListFor(who, 'view_status')) can(who, 'view_status');
  const [all, ownerDept] = await Promise.all([
    applicationsOfCase(app.store.db, caseId),
    caseOwnerOf(app.store.db, caseId),
  ]);
  const rows = all.filter((r) => sees(who, 'view_status', { ...r, ownerDept }));
  if (all.length > 0 && rows.length === 0) can(who, 'view_status', { ...all[0]!, ownerDept });
  return rows.map(statusView);
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The full file, with decrypted personal data: the handling centre only, and every read is audited. */
export async function viewApplication(app: FastifyInstance, who: Principal, id: string) {
  const db = app.store.db;
  const r = found(await findApplication(db, id), 'The application');
  can(who, 'view_full', r);
  const [conflictRows, noteRows, lawyer] = await Promise.all([
    conflictsOf(db, id),
    notesOf(db, id),
    r.lawyerId ? findLawyer(db, r.lawyerId) : undefined,
  ]);
  await audit(db, who, {
    action: 'application.personal_data.viewed',
    entityType: 'application',
    entityId: id,
    caseId: r.caseId,
  });
  const dec = (v: string | null) => app.cipher.decryptOptional(v, id);
  const means = r.meansOutcome as MeansOutcome | null;
  return {
    ...summaryView(r),
    requestId: r.requestId,
    centreDept: r.centreDept,
    submittedByDept: r.submittedByDept,
    applicantGender: r.applicantGender,
    femaleLawyerRequested: r.femaleLawyerRequested,
    applicant: r.applicantEnc
      ? (JSON.parse(app.cipher.decrypt(r.applicantEnc, id)) as Record<string, string | number>)
      : null,
    summary: dec(r.summaryEnc),
    documents: {
      required: requiredDocuments(r.matterType as MatterType, means),
      provided: r.documents,
      missing: missingDocuments(r.matterType as MatterType, means, r.documents),
    },
    meansTest: r.meansOutcome
      ? {
          outcome: r.meansOutcome,
          basis: r.meansBasis!,
          legalBasis: r.meansLegalBasis!,
          recordedAt: iso(r.meansRecordedAt)!,
          evidence: dec(r.meansEvidenceEnc),
        }
      : null,
    materialsRequest: r.materialsRequestedAt
      ? { requestedAt: r.materialsRequestedAt.toISOString(), missing: r.missingRequested ?? [] }
      : null,
    urgentAid: r.urgentAidStartedAt
      ? { ground: r.urgentAidGround!, startedAt: r.urgentAidStartedAt.toISOString() }
      : null,
    decision: r.decidedAt
      ? {
          decidedAt: r.decidedAt.toISOString(),
          approvedVia: r.approvedVia,
          refusalGround: r.refusalGround,
          refusalReasons: dec(r.refusalReasonsEnc),
        }
      : null,
    objection: r.objectionFiledAt
      ? {
          filedAt: r.objectionFiledAt.toISOString(),
          reviewBy: iso(r.reviewBy)!,
          grounds: dec(r.objectionEnc),
          outcome: r.objectionOutcome,
          reviewedAt: iso(r.objectionReviewedAt),
          reviewReasons: dec(r.objectionReviewEnc),
        }
      : null,
    assignment:
      r.lawyerId && r.assignedAt
        ? {
            assignmentId: r.assignmentId!,
            lawyerId: r.lawyerId,
            lawyerName: lawyer?.name ?? '',
            organisation: lawyer?.organisation ?? '',
            lawyerGender: lawyer?.gender ?? '',
            assignedAt: r.assignedAt.toISOString(),
          }
        : null,
    conflicts: conflictRows.map((c) => ({
      lawyerId: c.lawyerId,
      reason: c.reason,
      recordedAt: c.recordedAt.toISOString(),
    })),
    notes: noteRows.map((n) => ({
      id: n.id,
      stage: n.stage,
      notedAt: n.notedAt.toISOString(),
      text: app.cipher.decrypt(n.textEnc, `${id}:${n.id}`),
    })),
    closure: r.closedAt
      ? {
          closedAt: r.closedAt.toISOString(),
          outcome: r.outcome!,
          terminationGround: r.terminationGround,
          satisfaction: r.satisfaction,
          report: dec(r.closureReportEnc),
        }
      : null,
  };
}
