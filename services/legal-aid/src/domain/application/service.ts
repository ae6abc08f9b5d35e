import type { FastifyInstance } from 'fastify';
import type { Executor } from '@linkage/db';
import type { EventOf, ReferralRequestedV1 } from '@linkage/contracts';
import { enqueue, newEvent, uuidv7 } from '@linkage/messaging';
import type { Principal } from '@linkage/auth';
import {
  audit,
  ConflictError,
  loadCalendar,
  noteWorker,
  NotFoundError,
  StaleVersionError,
  ValidationError,
  withAssignees,
  type AssigneeFilter,
} from '@linkage/service-kit';
import {
  applicationsOfCase,
  applicationsOfCentre,
  caseOwnerOf,
  changeCaseload,
  claimMaterialsOverdue,
  conflictsOf,
  findApplication,
  findLawyer,
  insertApplication,
  insertApplicationIfNew,
  insertConflicts,
  insertNote,
  lawyersByIds,
  lockActiveLawyers,
  lockApplication,
  notesOf,
  updateApplication,
  upsertCaseOwner,
} from '../../db/queries.ts';
import type { ApplicationRow } from '../../db/schema.ts';
import { can, mayListFor, sees } from '../policy.ts';
import { chooseLawyer } from '../lawyer/choose.ts';
import { decide, type ApplicationState, type Command, type Draft, type Status } from './decide.ts';
import { applicationFromReferral, receive, type ReceiveInput } from './receive.ts';
import { assessMeans, type MeansInput } from './means.ts';
import { missingDocuments, requiredDocuments, type DocumentCode, type MatterType } from './checklist.ts';
import type { MeansOutcome } from './means.ts';

const SYSTEM = { sub: 'svc:legal-aid', role: 'system', dept: 'svc:legal-aid' };

interface EventCtx {
  subject: string;
  actor: { role: string; dept: string };
  correlationid?: string | undefined;
  causationid?: string | undefined;
  time: Date;
}

function toEvents(app: FastifyInstance, drafts: Draft[], ctx: EventCtx) {
  return drafts.map((d) => newEvent(d.type, { source: app.service.source, ...ctx, data: d.data as never }));
}

/** Consumer effect: an intake referral request to legal aid becomes an application (once per request). */
export async function onReferralRequested(
  app: FastifyInstance,
  centreDept: string,
  event: ReferralRequestedV1,
  tx: Executor,
): Promise<void> {
  const now = app.clock();
  const id = uuidv7(now.getTime());
  const input = applicationFromReferral(event.data, id);
  if (!input) return;
  const r = receive(input, now, await loadCalendar(tx));
  const created = await insertApplicationIfNew(tx, {
    ...rowOf(input, r),
    centreDept,
    submittedByDept: parseDept(event.actor),
    // The applicant's sex as the case recorded it — never assumed (indicator 11 counts women only).
    applicantGender: event.data.victimSex ?? 'unknown',
    createdAt: now,
    updatedAt: now,
  });
  if (!created) return; // a replayed or re-sent request: nothing twice
  await audit(tx, SYSTEM, {
    action: 'application.received',
    entityType: 'application',
    entityId: id,
    caseId: input.caseId,
    details: { channel: input.channel, requestId: input.requestId },
  });
  await enqueue(
    tx,
    toEvents(app, [r.event], {
      subject: event.data.caseId,
      actor: { role: 'system', dept: 'svc:legal-aid' },
      correlationid: event.correlationid,
      causationid: event.id,
      time: now,
    }),
  );
}

const parseDept = (actor: string) => actor.slice(actor.indexOf('@') + 1);

function rowOf(i: ReceiveInput, r: ReturnType<typeof receive>) {
  return {
    id: i.id,
    caseId: i.caseId,
    requestId: i.requestId,
    channel: i.channel,
    matterType: i.matterType,
    proceedings: i.proceedings,
    urgency: i.urgency,
    street: i.street,
    status: r.status,
    receivedAt: r.receivedAt,
    decideBy: r.decideBy,
    ...(i.means
      ? {
          meansOutcome: i.means.outcome,
          meansBasis: i.means.basis,
          meansLegalBasis: i.means.legalBasis,
          meansRecordedAt: r.receivedAt,
        }
      : {}),
  };
}

export interface ApplicantInput {
  name: string;
  gender: 'female' | 'male';
  idNumber?: string | undefined;
  phone?: string | undefined;
  address?: string | undefined;
  age?: number | undefined;
  street?: string | undefined;
}

export interface SubmitBody {
  channel: 'walk_in' | 'online' | 'womens_federation';
  caseId?: string | undefined;
  matterType: MatterType;
  proceedings: ReceiveInput['proceedings'];
  urgency: ReceiveInput['urgency'];
  applicant: ApplicantInput;
  femaleLawyerRequested?: boolean | undefined;
  documents?: DocumentCode[] | undefined;
  summary?: string | undefined;
  meansTest?: (MeansInput & { evidence?: string | undefined }) | undefined;
  opposingPartyLawyerIds?: string[] | undefined;
}

/** A direct application (walk-in, online, or the women's federation on her behalf). */
export async function submitApplication(
  app: FastifyInstance,
  who: Principal,
  body: SubmitBody,
  correlationId: string,
  centreDept: string,
) {
  can(who, 'submit');
  if (who.role === 'wf_caseworker' && body.channel !== 'womens_federation') {
    throw new ValidationError(
      'channel_not_allowed',
      "The women's federation applies on the applicant's behalf through the channel womens_federation.",
    );
  }
  const now = app.clock();
  const id = uuidv7(now.getTime());
  const means = body.meansTest ? assessMeans(body.meansTest) : null; // an invalid exemption claim is a 400, nothing written
  const { name, idNumber, phone, address, age } = body.applicant;
  const input: ReceiveInput = {
    id,
    caseId: body.caseId ?? null,
    requestId: null,
    channel: body.channel,
    matterType: body.matterType,
    proceedings: body.proceedings,
    urgency: body.urgency,
    street: (body.applicant.street ?? null) as ReceiveInput['street'],
    means,
  };
  const centre = who.role === 'legal_aid_officer' ? who.dept : centreDept;
  return app.store.db.transaction(async (tx) => {
    const r = receive(input, now, await loadCalendar(tx));
    const opposing = body.opposingPartyLawyerIds ?? [];
    if ((await lawyersByIds(tx, opposing)).length !== opposing.length) {
      throw new ValidationError('unknown_lawyer', 'A conflicting lawyer must be one in the registry.', [
        { path: '/body/opposingPartyLawyerIds', message: 'unknown lawyer id' },
      ]);
    }
    await insertApplication(tx, {
      ...rowOf(input, r),
      centreDept: centre,
      submittedByDept: who.dept,
      applicantGender: body.applicant.gender,
      femaleLawyerRequested: body.femaleLawyerRequested ?? false,
      documents: [...new Set(body.documents ?? [])],
      applicantEnc: app.cipher.encrypt(JSON.stringify({ name, idNumber, phone, address, age }), id),
      summaryEnc: app.cipher.encryptOptional(body.summary, id),
      meansEvidenceEnc: app.cipher.encryptOptional(body.meansTest?.evidence, id),
      createdAt: now,
      updatedAt: now,
    });
    await insertConflicts(
      tx,
      opposing.map((lawyerId) => ({
        applicationId: id,
        lawyerId,
        reason: 'represents_opposing_party',
        recordedAt: now,
      })),
    );
    await audit(tx, who, {
      action: 'application.received',
      entityType: 'application',
      entityId: id,
      caseId: input.caseId,
      details: { channel: input.channel },
    });
    await enqueue(
      tx,
      toEvents(app, [r.event], { subject: input.caseId ?? id, actor: who, correlationid: correlationId, time: now }),
    );
    const row = await findApplication(tx, id);
    return summaryView(row!);
  });
}

export interface CommandOptions {
  version?: number | undefined;
  correlationId: string;
  /** The audit row's reason: a category (a ground code), never the caller's words. */
  reason?: string | undefined;
  /** The caller's own words for the reason: personal data, kept in the audit row encrypted only. */
  reasonText?: string | undefined;
  /** Encrypted fields that go with the change (reasons, reports), given the record id for the AAD. */
  encrypted?: (id: string) => Partial<ApplicationRow>;
  /** Work that needs the locked row (e.g. choosing a lawyer) and yields the command. */
  prepare?: (tx: Executor, row: ApplicationRow) => Promise<Command>;
  afterDecide?: (tx: Executor, row: ApplicationRow) => Promise<void>;
}

/** AAD of a reason's words kept encrypted in an audit row's details (`reasonTextEnc`). */
export const auditTextAad = (applicationId: string, auditAction: string) => `${applicationId}#audit:${auditAction}`;

const stateOf = (r: ApplicationRow): ApplicationState => ({ ...r, status: r.status as Status });

/** One state change: lock, authorise, version check, decide, then row + audit + events in one transaction. */
export async function runCommand(
  app: FastifyInstance,
  who: Principal,
  id: string,
  command: Command | null,
  o: CommandOptions,
) {
  return app.store.db.transaction(async (tx) => {
    const row = await lockApplication(tx, id);
    if (!row) throw new NotFoundError('The application');
    // LAL Art. 49: objections are reviewed by the justice bureau that set up the centre, not the centre itself
    can(who, command?.kind === 'review_objection' ? 'review_objection' : 'manage', row);
    if (o.version !== undefined && o.version !== row.version) throw new StaleVersionError(o.version, row.version);
    const cmd = command ?? (await o.prepare!(tx, row));
    const now = app.clock();
    const d = decide(stateOf(row), cmd, now, await loadCalendar(tx));
    const updated = await updateApplication(tx, id, { ...d.patch, ...(o.encrypted?.(id) ?? {}), updatedAt: now });
    if (d.releaseLawyer) await changeCaseload(tx, d.releaseLawyer, -1);
    await o.afterDecide?.(tx, updated);
    await audit(tx, who, {
      action: `application.${cmd.kind}`,
      entityType: 'application',
      entityId: id,
      caseId: row.caseId,
      reason: o.reason ?? null,
      details: {
        from: row.status,
        to: updated.status,
        version: updated.version,
        ...(o.reasonText
          ? { reasonTextEnc: app.cipher.encrypt(o.reasonText, auditTextAad(id, `application.${cmd.kind}`)) }
          : {}),
      },
    });
    await enqueue(
      tx,
      toEvents(app, d.events, { subject: row.caseId ?? row.id, actor: who, correlationid: o.correlationId, time: now }),
    );
    return summaryView(updated);
  });
}

/**
 * LAL Art. 43 (申请人未按要求补充材料…视为撤回申请): every application whose materials period has ended is
 * deemed withdrawn, with an event, one transaction each. Returns how many.
 */
export async function deemOverdueWithdrawn(app: FastifyInstance, limit = 50): Promise<number> {
  const now = app.clock();
  return app.store.db.transaction(async (tx) => {
    const rows = await claimMaterialsOverdue(tx, now, limit);
    const cal = await loadCalendar(tx);
    for (const row of rows) {
      const d = decide(stateOf(row), { kind: 'deem_withdrawn' }, now, cal);
      await updateApplication(tx, row.id, { ...d.patch, updatedAt: now });
      if (d.releaseLawyer) await changeCaseload(tx, d.releaseLawyer, -1);
      await audit(tx, SYSTEM, {
        action: 'application.deem_withdrawn',
        entityType: 'application',
        entityId: row.id,
        caseId: row.caseId,
        details: { from: row.status, to: 'withdrawn' },
      });
      await enqueue(
        tx,
        toEvents(app, d.events, {
          subject: row.caseId ?? row.id,
          actor: { role: 'system', dept: 'svc:legal-aid' },
          time: now,
        }),
      );
    }
    return rows.length;
  });
}

/**
 * Assign a lawyer: the officer's choice or the best suitable one, never a conflicted one; caseload kept under its
 * limit.
 */
export async function assignLawyer(
  app: FastifyInstance,
  who: Principal,
  id: string,
  body: { lawyerId?: string | undefined; version?: number | undefined },
  correlationId: string,
) {
  let chosenId = '';
  return runCommand(app, who, id, null, {
    version: body.version,
    correlationId,
    prepare: async (tx, row) => {
      const candidates = await lockActiveLawyers(tx);
      if (body.lawyerId && !candidates.some((c) => c.id === body.lawyerId)) {
        const l = await findLawyer(tx, body.lawyerId);
        if (!l) throw new NotFoundError('The lawyer');
        throw new ConflictError('lawyer_inactive', 'This lawyer is not taking legal aid assignments.');
      }
      const conflicts = new Set((await conflictsOf(tx, row.id)).map((c) => c.lawyerId));
      const choice = chooseLawyer(candidates, {
        matterType: row.matterType,
        conflicts,
        femaleLawyerRequested: row.femaleLawyerRequested,
        lawyerId: body.lawyerId,
      });
      chosenId = choice.lawyer.id;
      return {
        kind: 'assign_lawyer',
        lawyerId: choice.lawyer.id,
        assignmentId: uuidv7(app.clock().getTime()),
        femaleLawyer: choice.lawyer.gender === 'female',
        femaleLawyerRequested: row.femaleLawyerRequested,
      };
    },
    afterDecide: async (tx) => changeCaseload(tx, chosenId, 1),
  });
}

export async function recordConflict(
  app: FastifyInstance,
  who: Principal,
  id: string,
  body: { lawyerId: string; reason: string },
) {
  return app.store.db.transaction(async (tx) => {
    const row = await lockApplication(tx, id);
    if (!row) throw new NotFoundError('The application');
    can(who, 'manage', row);
    if (!(await findLawyer(tx, body.lawyerId))) throw new NotFoundError('The lawyer');
    if (row.lawyerId === body.lawyerId)
      throw new ConflictError(
        'conflict_with_assigned_lawyer',
        'This lawyer is already assigned; end the assignment first.',
      );
    await insertConflicts(tx, [
      { applicationId: id, lawyerId: body.lawyerId, reason: body.reason, recordedAt: app.clock() },
    ]);
    await audit(tx, who, {
      action: 'application.conflict_recorded',
      entityType: 'application',
      entityId: id,
      caseId: row.caseId,
      details: { lawyerId: body.lawyerId, reason: body.reason },
    });
    return { applicationId: id, lawyerId: body.lawyerId, reason: body.reason };
  });
}

/** The row change that keeps an applicant's identity: encrypted (AAD = application id), her sex as given. */
export function applicantPatch(app: FastifyInstance, id: string, a: ApplicantInput) {
  const { name, idNumber, phone, address, age } = a;
  return {
    applicantEnc: app.cipher.encrypt(JSON.stringify({ name, idNumber, phone, address, age }), id),
    applicantGender: a.gender,
    ...(a.street ? { street: a.street } : {}),
  };
}

/** Record or correct the applicant's personal data (e.g. for an application referred by intake). */
export async function recordApplicant(app: FastifyInstance, who: Principal, id: string, a: ApplicantInput) {
  return app.store.db.transaction(async (tx) => {
    const row = await lockApplication(tx, id);
    if (!row) throw new NotFoundError('The application');
    can(who, 'manage', row);
    const updated = await updateApplication(tx, id, { ...applicantPatch(app, id, a), updatedAt: app.clock() });
    await audit(tx, who, {
      action: 'application.applicant_recorded',
      entityType: 'application',
      entityId: id,
      caseId: row.caseId,
      details: { fields: Object.keys(a) },
    });
    return summaryView(updated);
  });
}

export async function addProgressNote(
  app: FastifyInstance,
  who: Principal,
  id: string,
  body: { stage: Extract<Command, { kind: 'note_progress' }>['stage']; text: string },
  correlationId: string,
) {
  return runCommand(
    app,
    who,
    id,
    { kind: 'note_progress', stage: body.stage },
    {
      correlationId,
      afterDecide: async (tx, row) => {
        const now = app.clock();
        const noteId = uuidv7(now.getTime());
        await insertNote(tx, {
          id: noteId,
          applicationId: row.id,
          stage: body.stage,
          notedAt: now,
          authorSub: who.sub,
          textEnc: app.cipher.encrypt(body.text, `${row.id}:${noteId}`),
        });
      },
    },
  );
}

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
  const row = await findApplication(app.store.db, id);
  if (!row) throw new NotFoundError('The application');
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

/** Consumer effect: intake opened or updated a case — remember its owning unit and street (no personal data). */
export async function onCaseAnnounced(
  e: EventOf<'intake.case.opened.v1'> | EventOf<'intake.case.updated.v1'>,
  tx: Executor,
): Promise<void> {
  if (e.type === 'intake.case.opened.v1') {
    const actorDept = parseDept(e.actor);
    const ownerDept = e.data.ownerDept ?? (e.actor.startsWith('system@') ? null : actorDept);
    await upsertCaseOwner(tx, {
      caseId: e.data.caseId,
      ownerDept,
      street: e.data.street,
      updatedAt: new Date(e.data.openedAt),
    });
  } else {
    await upsertCaseOwner(tx, { caseId: e.data.caseId, street: e.data.street, updatedAt: new Date(e.data.updatedAt) });
  }
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The full file, with decrypted personal data: the handling centre only, and every read is audited. */
export async function viewApplication(app: FastifyInstance, who: Principal, id: string) {
  const db = app.store.db;
  const r = await findApplication(db, id);
  if (!r) throw new NotFoundError('The application');
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
