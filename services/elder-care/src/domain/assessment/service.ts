import { Type, type Static } from '@sinclair/typebox';
import type { CapabilityLevel } from '@linkage/contracts';
import { enqueue, uuidv7 } from '@linkage/messaging';
import { audit } from '@linkage/service-kit';
import { insertAssessment, latestAssessmentId, updateClient } from '../../db/queries.ts';
import { changeClient, event, type Ctx } from '../shared.ts';
import { adjustLevel, ITEM_IDS, ITEM_MAX, LEVEL_ZH, reassessBy, respiteDaysFor, scoreAssessment } from './levels.ts';

export const AssessBody = Type.Object(
  {
    items: Type.Object(
      Object.fromEntries(ITEM_IDS.map((id) => [id, Type.Integer({ minimum: 0, maximum: ITEM_MAX[id]! })])),
      { additionalProperties: false },
    ),
    /**
     * GB/T 42195-2022 level adjustments: coma; diagnosed dementia / other mental disorder; care-risk events in 30 days.
     */
    coma: Type.Optional(Type.Boolean()),
    diagnosis: Type.Optional(
      Type.Union([Type.Literal('dementia'), Type.Literal('other_mental_disorder'), Type.Null()]),
    ),
    careRiskEventsLast30Days: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  },
  { additionalProperties: false },
);
export type AssessBody = Static<typeof AssessBody>;

/** Record a capability assessment: level from the item scores, entitlement from the level, reassessment due date. */
export async function assess(ctx: Ctx, clientId: string, body: AssessBody) {
  return changeClient(ctx, clientId, async (tx, c) => {
    const now = ctx.app.clock();
    const scored = scoreAssessment(body.items as Record<string, number>);
    const adjusted = adjustLevel(scored.level, body);
    const level: CapabilityLevel = adjusted.level;
    const dementia = body.diagnosis === 'dementia';
    const previousAssessmentId = await latestAssessmentId(tx, c.id);
    const days = respiteDaysFor(level, ctx.policy.respite);
    const due = reassessBy(now, ctx.policy.reassessMonths);
    const id = uuidv7(now.getTime());
    await insertAssessment(tx, {
      id,
      clientId: c.id,
      level,
      totalScore: scored.totalScore,
      domainScores: scored.domainScores,
      itemScores: body.items as Record<string, number>,
      baseLevel: scored.level,
      adjustments: adjusted.adjustments,
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
      level,
      dementia,
      respiteDaysPerYear: days,
      reassessBy: due,
      status: c.status === 'referred' ? 'assessed' : c.status,
      updatedAt: now,
    });
    await audit(tx, ctx.who, {
      action: 'assessment.completed',
      entityType: 'client',
      entityId: c.id,
      caseId: c.caseId,
      details: { assessmentId: id, level, totalScore: scored.totalScore },
    });
    await enqueue(tx, [
      event(ctx, 'elder_care.assessment.completed.v1', c.caseId, {
        assessmentId: id,
        clientId: c.id,
        caseId: c.caseId,
        level,
        totalScore: scored.totalScore,
        respiteDaysPerYear: days,
        assessedAt: now.toISOString(),
        reassessBy: due.toISOString(),
        baseLevel: scored.level,
        adjustments: adjusted.adjustments,
        dementia,
        previousAssessmentId,
      }),
    ]);
    return {
      id,
      clientId: c.id,
      level,
      levelZh: LEVEL_ZH[level],
      baseLevel: scored.level,
      adjustments: adjusted.adjustments,
      dementia,
      totalScore: scored.totalScore,
      domainScores: scored.domainScores,
      respiteDaysPerYear: days,
      assessor: { sub: ctx.who.sub, dept: ctx.who.dept },
      assessedAt: now.toISOString(),
      reassessBy: due.toISOString(),
    };
  });
}
