import type { FastifyInstance } from 'fastify';
import { eq, sql } from 'drizzle-orm';
import type { Principal } from '@linkage/auth';
import type { DvDepartment } from '@linkage/contracts';
import { uuidv7 } from '@linkage/messaging';
import { audit, ForbiddenError } from '@linkage/service-kit';
import { courtsOfCase, lockAssessment, lockReferral, referralDeptsOfCase } from '../../db/queries.ts';
import { isInvolved } from '../access.ts';
import { requireKnownCase } from '../cases.ts';
import { counsellingSessions, injuryAssessments, type InjuryAssessmentRow } from '../../db/schema.ts';
import { checkVersion, emit, found } from '../support.ts';
import type { ReferralState } from '../referral/decide.ts';
import { decideCompleteAssessment, decideRecordSession, decideRequestAssessment, type InjuryGrade } from './decide.ts';

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
    const events = decideRequestAssessment(who, { assessmentId: id, ...body }, now);
    const [row] = await tx
      .insert(injuryAssessments)
      .values({ id, caseId: body.caseId, healthDept: body.healthDept, requestedByDept: who.dept, requestedAt: now })
      .returning();
    await audit(tx, who, {
      action: 'injury_assessment.requested',
      entityType: 'injury_assessment',
      entityId: id,
      caseId: body.caseId,
    });
    await emit(app, tx, who, body.caseId, events);
    return view(row!);
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
    if (who.dept !== a.healthDept)
      throw new ForbiddenError('other_department', 'This assessment was requested from another department.');
    checkVersion(a, body.version);
    const events = decideCompleteAssessment(a, who, body, now);
    const [u] = await tx
      .update(injuryAssessments)
      .set({
        status: 'completed',
        grade: body.grade,
        resultRef: body.resultRef,
        findingsEnc: app.cipher.encryptOptional(body.findings, id),
        completedAt: now,
        version: sql`${injuryAssessments.version} + 1`,
      })
      .where(eq(injuryAssessments.id, id))
      .returning();
    await audit(tx, who, {
      action: 'injury_assessment.completed',
      entityType: 'injury_assessment',
      entityId: id,
      caseId: a.caseId,
      details: { grade: body.grade },
    });
    await emit(app, tx, who, a.caseId, events);
    return view(u!);
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
    const state: ReferralState = {
      id: r.id,
      caseId: r.caseId,
      department: r.department as DvDepartment,
      assignedDept: r.assignedDept,
      street: r.street,
      status: r.status as ReferralState['status'],
    };
    const events = decideRecordSession(
      state,
      who,
      { sessionId: id, heldAt, durationMinutes: body.durationMinutes },
      now,
    );
    await tx.insert(counsellingSessions).values({
      id,
      referralId,
      caseId: r.caseId,
      dept: who.dept,
      heldAt,
      durationMinutes: body.durationMinutes,
      notesEnc: app.cipher.encryptOptional(body.notes, id),
    });
    await audit(tx, who, {
      action: 'counselling.session_recorded',
      entityType: 'counselling_session',
      entityId: id,
      caseId: r.caseId,
    });
    await emit(app, tx, who, r.caseId, events);
    return { id, referralId, caseId: r.caseId, heldAt: heldAt.toISOString(), durationMinutes: body.durationMinutes };
  });
}
