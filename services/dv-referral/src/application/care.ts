import type { FastifyInstance } from 'fastify';
import type { Principal } from '@linkage/auth';
import { checkVersion, ForbiddenError, found, orThrow, uuidv7 } from '@linkage/domain';
import { emitEvents } from '@linkage/messaging';
import { audit } from '@linkage/service-kit';
import { courtsOfCase, referralDeptsOfCase } from '../db/queries/cases.ts';
import { insertAssessment, insertSession, lockAssessment, updateAssessment } from '../db/queries/care.ts';
import { lockReferral } from '../db/queries/referrals.ts';
import type { InjuryAssessmentRow } from '../db/schema.ts';
import { HELD_POLICY, isInvolved, refusal } from '../domain/access.ts';
import {
  decideCompleteAssessment,
  decideRecordSession,
  decideRequestAssessment,
  type InjuryGrade,
} from '../domain/care/decide.ts';
import { requireKnownCase } from './cases.ts';
import { eventContext, refuse } from './context.ts';
import { referralState } from './referrals.ts';

const view = (a: InjuryAssessmentRow) => ({
  id: a.id,
  caseId: a.caseId,
  healthDept: a.healthDept,
  status: a.status,
  requestedAt: a.requestedAt.toISOString(),
  grade: a.grade,
  resultRef: a.resultRef,
  completedAt: a.completedAt?.toISOString() ?? null,
  version: a.version,
});

export async function requestAssessment(
  app: FastifyInstance,
  who: Principal,
  body: { caseId: string; healthDept: string },
) {
  const now = app.clock();
  return app.store.db.transaction(async (tx) => {
    // A known case (404 otherwise), requested by a department working it (as for protection orders).
    const c = await requireKnownCase(tx, body.caseId);
    const [received, courts] = await Promise.all([referralDeptsOfCase(tx, body.caseId), courtsOfCase(tx, body.caseId)]);
    if (!isInvolved(who, c, received, courts))
      throw new ForbiddenError(
        'not_involved',
        'Only the departments working this case request an injury assessment for it.',
      );
    const id = uuidv7(now.getTime());
    const events = orThrow(decideRequestAssessment(who, { assessmentId: id, ...body }, now));
    const row = await insertAssessment(tx, {
      id,
      caseId: body.caseId,
      healthDept: body.healthDept,
      requestedByDept: who.dept,
      requestedAt: now,
    });
    await audit(tx, who, {
      action: 'injury_assessment.requested',
      entityType: 'injury_assessment',
      entityId: id,
      caseId: body.caseId,
    });
    await emitEvents(tx, events, eventContext(app, who, body.caseId, now));
    return view(row);
  });
}

export async function completeAssessment(
  app: FastifyInstance,
  who: Principal,
  id: string,
  body: { grade: InjuryGrade; resultRef: string; findings?: string; version: number },
) {
  const now = app.clock();
  return app.store.db.transaction(async (tx) => {
    const a = found(await lockAssessment(tx, id), 'The assessment');
    // who may not act on it learns nothing about its version
    refuse(
      refusal(
        HELD_POLICY,
        who,
        'health',
        { dept: a.healthDept },
        'other_department',
        'This assessment was requested from another department.',
      ),
    );
    checkVersion(a, body.version);
    const events = orThrow(decideCompleteAssessment(a, who, body, now));
    const u = await updateAssessment(tx, id, {
      status: 'completed',
      grade: body.grade,
      resultRef: body.resultRef,
      findingsEnc: app.cipher.encryptOptional(body.findings, id),
      completedAt: now,
    });
    await audit(tx, who, {
      action: 'injury_assessment.completed',
      entityType: 'injury_assessment',
      entityId: id,
      caseId: a.caseId,
      details: { grade: body.grade },
    });
    await emitEvents(tx, events, eventContext(app, who, a.caseId, now));
    return view(u);
  });
}

export async function recordSession(
  app: FastifyInstance,
  who: Principal,
  referralId: string,
  body: { heldAt: string; durationMinutes: number; notes?: string },
) {
  const now = app.clock();
  return app.store.db.transaction(async (tx) => {
    const r = found(await lockReferral(tx, referralId), 'The referral');
    const id = uuidv7(now.getTime());
    const heldAt = new Date(body.heldAt);
    const { durationMinutes } = body;
    const events = orThrow(decideRecordSession(referralState(r), who, { sessionId: id, heldAt, durationMinutes }, now));
    await insertSession(tx, {
      id,
      referralId,
      caseId: r.caseId,
      dept: who.dept,
      heldAt,
      durationMinutes,
      notesEnc: app.cipher.encryptOptional(body.notes, id),
    });
    await audit(tx, who, {
      action: 'counselling.session_recorded',
      entityType: 'counselling_session',
      entityId: id,
      caseId: r.caseId,
    });
    await emitEvents(tx, events, eventContext(app, who, r.caseId, now));
    return { id, referralId, caseId: r.caseId, heldAt: heldAt.toISOString(), durationMinutes };
  });
}
