import { audit, orThrow, uuidv7 } from '@linkage/service-kit';
import { insertAssessment, latestAssessmentId, updateClient } from '../db/queries.ts';
import { decideAssessment } from '../domain/assessment/decide.ts';
import { LEVEL_ZH, scoreAssessment } from '../domain/assessment/levels.ts';
import type { AssessBody } from '../domain/assessment/schemas.ts';
import { changeClient, emit, type Ctx } from './context.ts';

/** Record a capability assessment: level from the item scores, entitlement from the level, reassessment due date. */
export async function assess(ctx: Ctx, clientId: string, body: AssessBody) {
  return changeClient(ctx, clientId, async (tx, c) => {
    const now = ctx.app.clock();
    const id = uuidv7(now.getTime());
    const items = body.items as Record<string, number>;
    const previousAssessmentId = await latestAssessmentId(tx, c.id);
    const cmd = { ...body, assessmentId: id, items, previousAssessmentId };
    const events = orThrow(decideAssessment(c, cmd, now, ctx.policy));
    const a = events[0].data;
    const { domainScores } = orThrow(scoreAssessment(items));
    const due = new Date(a.reassessBy);
    await insertAssessment(tx, {
      id,
      clientId: c.id,
      level: a.level,
      totalScore: a.totalScore,
      domainScores,
      itemScores: items,
      baseLevel: a.baseLevel,
      adjustments: a.adjustments,
      diagnosis: body.diagnosis ?? null,
      coma: body.coma ?? false,
      careRiskEvents30d: body.careRiskEventsLast30Days ?? 0,
      previousAssessmentId,
      assessorSub: ctx.who.sub,
      assessorDept: ctx.who.dept,
      assessedAt: now,
      reassessBy: due,
    });
    await updateClient(tx, c.id, {
      level: a.level,
      dementia: a.dementia,
      respiteDaysPerYear: a.respiteDaysPerYear,
      reassessBy: due,
      status: c.status === 'referred' ? 'assessed' : c.status,
      updatedAt: now,
    });
    await audit(tx, ctx.who, {
      action: 'assessment.completed',
      entityType: 'client',
      entityId: c.id,
      caseId: c.caseId,
      details: { assessmentId: id, level: a.level, totalScore: a.totalScore },
    });
    await emit(ctx, tx, c.caseId, events);
    return {
      id,
      clientId: c.id,
      level: a.level,
      levelZh: LEVEL_ZH[a.level],
      baseLevel: a.baseLevel,
      adjustments: a.adjustments,
      dementia: a.dementia,
      totalScore: a.totalScore,
      domainScores,
      respiteDaysPerYear: a.respiteDaysPerYear,
      assessor: { sub: ctx.who.sub, dept: ctx.who.dept },
      assessedAt: now.toISOString(),
      reassessBy: a.reassessBy,
    };
  });
}
