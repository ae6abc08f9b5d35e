import type { FastifyInstance } from 'fastify';
import type { Principal } from '@linkage/auth';
import { checkVersion, DomainError, found, orThrow, uuidv7 } from '@linkage/domain';
import { emitEvents } from '@linkage/messaging';
import { audit, loadCalendar } from '@linkage/service-kit';
import {
  committeeVisitsOfLetter,
  insertCallout,
  insertCommitteeVisits,
  insertWarningLetter,
  lockPoliceVisit,
  lockWarningLetter,
  recordVisit,
  updateWarningLetterDeliveries,
  visitsOfLetter,
} from '../db/queries/police.ts';
import { lockReferral } from '../db/queries/referrals.ts';
import type { DvConfig } from '../config.ts';
import {
  decideDeliverWarningLetter,
  decideIssueWarningLetter,
  decideRecordCallout,
  decideRecordPoliceVisit,
  planWarningLetter,
  withDelivery,
  type CalloutOutcome,
  type PoliceVisitOutcome,
  type WarningRecipient,
} from '../domain/police/decide.ts';
import { HELD_POLICY, refusal } from '../domain/access.ts';
import { committeeOf, committeeVisitView } from './committee.ts';
import { eventContext, refuse } from './context.ts';
import { referralState } from './referrals.ts';

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
    const { outcome, evidenceCollected, medicalHelpArranged } = body;
    const events = orThrow(
      decideRecordCallout(
        referralState(r),
        who,
        { calloutId: id, occurredAt, outcome, evidenceCollected, medicalHelpArranged },
        now,
      ),
    );
    await insertCallout(tx, {
      id,
      referralId,
      caseId: r.caseId,
      dept: who.dept,
      occurredAt,
      outcome,
      evidenceCollected,
      medicalHelpArranged,
      notesEnc: app.cipher.encryptOptional(body.notes, id),
      createdAt: now,
    });
    await audit(tx, who, {
      action: 'callout.recorded',
      entityType: 'callout',
      entityId: id,
      caseId: r.caseId,
      details: { outcome },
    });
    await emitEvents(tx, events, eventContext(app, who, r.caseId, now));
    return { id, referralId, caseId: r.caseId, occurredAt: occurredAt.toISOString(), outcome };
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
    const plan = planWarningLetter(id, () => uuidv7(now.getTime()), now, {
      deliveryHours: config.WARNING_DELIVERY_HOURS,
      visitOffsets: config.policeVisitDays,
      cal: await loadCalendar(tx),
    });
    const events = orThrow(decideIssueWarningLetter(referralState(r), who, plan, now));
    await insertWarningLetter(
      tx,
      {
        id,
        referralId,
        caseId: r.caseId,
        dept: who.dept,
        contentEnc: app.cipher.encrypt(JSON.stringify(body), id),
        issuedAt: now,
        deliverBy: plan.deliverBy,
      },
      plan.visits.map((v) => ({
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
      details: { visits: plan.visits.length },
    });
    await emitEvents(tx, events, eventContext(app, who, r.caseId, now));
    return {
      id,
      referralId,
      caseId: r.caseId,
      issuedAt: now.toISOString(),
      deliverBy: plan.deliverBy.toISOString(),
      deliveries: {},
      visits: plan.visits.map((v) => ({ id: v.id, dueAt: v.dueAt.toISOString(), status: 'scheduled' })),
      version: 1,
    };
  });
}

/**
 * ADVL Art. 17: delivered to abuser and victim; the residents'/village committee notified — and then the committee's
 * visits (查访) are scheduled, due from `committee:<street>` (the committee named, else the case's street's).
 */
export async function deliverWarningLetter(
  app: FastifyInstance,
  config: DvConfig,
  who: Principal,
  letterId: string,
  body: { recipient: WarningRecipient; committeeStreet?: string | undefined; version: number },
) {
  const { recipient, version } = body;
  const now = app.clock();
  return app.store.db.transaction(async (tx) => {
    const l = found(await lockWarningLetter(tx, letterId), 'The warning letter');
    // who may not act on it learns nothing about its version
    refuse(
      refusal(
        HELD_POLICY,
        who,
        'police_station',
        l,
        'other_department',
        'This warning letter was issued by another station.',
      ),
    );
    checkVersion(l, version);
    const committee =
      recipient === 'committee' || body.committeeStreet !== undefined
        ? await committeeOf(tx, config, l.referralId, body.committeeStreet, who.dept, now)
        : undefined;
    const events = orThrow(decideDeliverWarningLetter(l, who, recipient, now, committee));
    const u = await updateWarningLetterDeliveries(tx, letterId, withDelivery(l.deliveries, recipient, now));
    const planned = committee instanceof DomainError ? undefined : committee;
    if (planned)
      await insertCommitteeVisits(
        tx,
        planned.visits.map((v) => ({
          id: v.id,
          warningLetterId: letterId,
          caseId: l.caseId,
          dept: planned.dept,
          street: planned.street,
          offsetDays: v.offsetDays,
          dueAt: v.dueAt,
        })),
      );
    await audit(tx, who, {
      action: 'warning_letter.delivered',
      entityType: 'warning_letter',
      entityId: letterId,
      caseId: l.caseId,
      details: planned ? { recipient, committee: planned.dept, visits: planned.visits.length } : { recipient },
    });
    await emitEvents(tx, events, eventContext(app, who, l.caseId, now));
    const visits = await visitsOfLetter(tx, letterId);
    const committeeVisits = await committeeVisitsOfLetter(tx, letterId);
    return {
      id: l.id,
      referralId: l.referralId,
      caseId: l.caseId,
      issuedAt: l.issuedAt.toISOString(),
      deliverBy: l.deliverBy.toISOString(),
      deliveries: u.deliveries,
      visits: visits.map((v) => ({ id: v.id, dueAt: v.dueAt.toISOString(), status: v.status })),
      committeeVisits: committeeVisits.map(committeeVisitView),
      version: u.version,
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
    refuse(
      refusal(HELD_POLICY, who, 'police_station', v, 'other_department', 'This visit belongs to another station.'),
    );
    checkVersion(v, version);
    const events = orThrow(decideRecordPoliceVisit(v, who, outcome, now));
    const u = await recordVisit(tx, visitId, outcome, now);
    await audit(tx, who, {
      action: 'police_visit.recorded',
      entityType: 'police_visit',
      entityId: visitId,
      caseId: v.caseId,
      details: { outcome },
    });
    await emitEvents(tx, events, eventContext(app, who, v.caseId, now));
    return { id: u.id, dueAt: u.dueAt.toISOString(), status: u.status, outcome: u.outcome, version: u.version };
  });
}
