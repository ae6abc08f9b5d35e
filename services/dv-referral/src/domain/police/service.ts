import type { FastifyInstance } from 'fastify';
import type { Principal } from '@linkage/auth';
import { uuidv7 } from '@linkage/messaging';
import { audit, ForbiddenError, loadCalendar } from '@linkage/service-kit';
import { lockPoliceVisit, lockReferral, lockWarningLetter, visitsOfLetter } from '../../db/queries.ts';
import { callouts, policeVisits, warningLetters } from '../../db/schema.ts';
import type { DvConfig } from '../../config.ts';
import { eq, sql } from 'drizzle-orm';
import type { DvDepartment } from '@linkage/contracts';
import { checkVersion, emit, found } from '../support.ts';
import type { ReferralState } from '../referral/decide.ts';
import type { ReferralRow } from '../../db/schema.ts';
import {
  decideDeliverWarningLetter,
  decideIssueWarningLetter,
  decideRecordCallout,
  decideRecordPoliceVisit,
  type CalloutOutcome,
  type PoliceVisitOutcome,
  type WarningRecipient,
} from './decide.ts';

const state = (r: ReferralRow): ReferralState => ({
  id: r.id,
  caseId: r.caseId,
  department: r.department as DvDepartment,
  assignedDept: r.assignedDept,
  street: r.street,
  status: r.status as ReferralState['status'],
});

export interface CalloutBody {
  occurredAt: string;
  outcome: CalloutOutcome;
  evidenceCollected: boolean;
  medicalHelpArranged: boolean;
  notes?: string;
}

/** ADVL Art. 15: record a call-out on an accepted police referral. */
export async function recordCallout(app: FastifyInstance, who: Principal, referralId: string, body: CalloutBody) {
  const now = app.clock();
  return app.store.db.transaction(async (tx) => {
    const r = found(await lockReferral(tx, referralId), 'The referral');
    const id = uuidv7(now.getTime());
    const occurredAt = new Date(body.occurredAt);
    const events = decideRecordCallout(
      state(r),
      who,
      {
        calloutId: id,
        occurredAt,
        outcome: body.outcome,
        evidenceCollected: body.evidenceCollected,
        medicalHelpArranged: body.medicalHelpArranged,
      },
      now,
    );
    await tx.insert(callouts).values({
      id,
      referralId,
      caseId: r.caseId,
      dept: who.dept,
      occurredAt,
      outcome: body.outcome,
      evidenceCollected: body.evidenceCollected,
      medicalHelpArranged: body.medicalHelpArranged,
      notesEnc: app.cipher.encryptOptional(body.notes, id),
      createdAt: now,
    });
    await audit(tx, who, {
      action: 'callout.recorded',
      entityType: 'callout',
      entityId: id,
      caseId: r.caseId,
      details: { outcome: body.outcome },
    });
    await emit(app, tx, who, r.caseId, events);
    return { id, referralId, caseId: r.caseId, occurredAt: occurredAt.toISOString(), outcome: body.outcome };
  });
}

export interface WarningLetterBody {
  abuser: string;
  facts: string;
  prohibition: string;
}

/** ADVL Art. 16: issue a warning letter (告诫书); follow-up visits (查访) are scheduled. */
export async function issueWarningLetter(
  app: FastifyInstance,
  config: DvConfig,
  who: Principal,
  referralId: string,
  body: WarningLetterBody,
) {
  const now = app.clock();
  return app.store.db.transaction(async (tx) => {
    const r = found(await lockReferral(tx, referralId), 'The referral');
    const id = uuidv7(now.getTime());
    const d = decideIssueWarningLetter(state(r), who, id, () => uuidv7(now.getTime()), now, {
      deliveryHours: config.WARNING_DELIVERY_HOURS,
      visitOffsets: config.policeVisitDays,
      cal: await loadCalendar(tx),
    });
    await tx.insert(warningLetters).values({
      id,
      referralId,
      caseId: r.caseId,
      dept: who.dept,
      contentEnc: app.cipher.encrypt(JSON.stringify(body), id),
      issuedAt: now,
      deliverBy: d.deliverBy,
    });
    await tx.insert(policeVisits).values(
      d.visits.map((v) => ({
        id: v.id,
        warningLetterId: id,
        caseId: r.caseId,
        dept: who.dept,
        offsetDays: v.offsetDays,
        dueAt: v.dueAt,
      })),
    );
    await audit(tx, who, {
      action: 'warning_letter.issued',
      entityType: 'warning_letter',
      entityId: id,
      caseId: r.caseId,
      details: { visits: d.visits.length },
    });
    await emit(app, tx, who, r.caseId, d.events);
    return {
      id,
      referralId,
      caseId: r.caseId,
      issuedAt: now.toISOString(),
      deliverBy: d.deliverBy.toISOString(),
      deliveries: {},
      visits: d.visits.map((v) => ({ id: v.id, dueAt: v.dueAt.toISOString(), status: 'scheduled' })),
      version: 1,
    };
  });
}

/** ADVL Art. 17: delivered to abuser and victim; the residents'/village committee notified. */
export async function deliverWarningLetter(
  app: FastifyInstance,
  who: Principal,
  letterId: string,
  recipient: WarningRecipient,
  version: number,
) {
  const now = app.clock();
  return app.store.db.transaction(async (tx) => {
    const l = found(await lockWarningLetter(tx, letterId), 'The warning letter');
    if (l.dept !== who.dept)
      throw new ForbiddenError('other_department', 'This warning letter was issued by another station.');
    checkVersion(l, version);
    const d = decideDeliverWarningLetter(l, who, recipient, now);
    const [u] = await tx
      .update(warningLetters)
      .set({ deliveries: d.deliveries, version: sql`${warningLetters.version} + 1` })
      .where(eq(warningLetters.id, letterId))
      .returning();
    await audit(tx, who, {
      action: 'warning_letter.delivered',
      entityType: 'warning_letter',
      entityId: letterId,
      caseId: l.caseId,
      details: { recipient },
    });
    await emit(app, tx, who, l.caseId, d.events);
    const visits = await visitsOfLetter(tx, letterId);
    return {
      id: l.id,
      referralId: l.referralId,
      caseId: l.caseId,
      issuedAt: l.issuedAt.toISOString(),
      deliverBy: l.deliverBy.toISOString(),
      deliveries: u!.deliveries,
      visits: visits.map((v) => ({ id: v.id, dueAt: v.dueAt.toISOString(), status: v.status })),
      version: u!.version,
    };
  });
}

export async function recordPoliceVisit(
  app: FastifyInstance,
  who: Principal,
  visitId: string,
  outcome: PoliceVisitOutcome,
  version: number,
) {
  const now = app.clock();
  return app.store.db.transaction(async (tx) => {
    const v = found(await lockPoliceVisit(tx, visitId), 'The visit');
    if (v.dept !== who.dept) throw new ForbiddenError('other_department', 'This visit belongs to another station.');
    checkVersion(v, version);
    const events = decideRecordPoliceVisit(v, who, outcome, now);
    const [u] = await tx
      .update(policeVisits)
      .set({ status: 'done', outcome, visitedAt: now, version: sql`${policeVisits.version} + 1` })
      .where(eq(policeVisits.id, visitId))
      .returning();
    await audit(tx, who, {
      action: 'police_visit.recorded',
      entityType: 'police_visit',
      entityId: visitId,
      caseId: v.caseId,
      details: { outcome },
    });
    await emit(app, tx, who, v.caseId, events);
    return { id: u!.id, dueAt: u!.dueAt.toISOString(), status: u!.status, outcome: u!.outcome, version: u!.version };
  });
}
