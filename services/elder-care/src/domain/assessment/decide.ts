import type { CapabilityLevel, EventData } from '@linkage/contracts';
import { DomainError } from '@linkage/domain';
import {
  adjustLevel,
  reassessBy,
  respiteDaysFor,
  scoreAssessment,
  type LevelFacts,
  type RespiteEntitlement,
} from './levels.ts';

export interface Assess extends LevelFacts {
  assessmentId: string;
  items: Record<string, number>;
  previousAssessmentId: string | null;
}

/** The completed assessment, every field present (older events may lack some; a new one never does). */
export interface Completed {
  type: 'elder_care.assessment.completed.v1';
  data: Required<EventData<'elder_care.assessment.completed.v1'>>;
}

export interface AssessmentRules {
  reassessMonths: number;
  respite: RespiteEntitlement;
}

/**
 * A capability assessment (GB/T 42195-2022): the level from the item scores and its adjustments, the
 * annual respite entitlement that level carries, and when to reassess.
 */
export function decideAssessment(
  c: { id: string; caseId: string },
  cmd: Assess,
  now: Date,
  rules: AssessmentRules,
): [Completed] | DomainError {
  const scored = scoreAssessment(cmd.items);
  if (scored instanceof DomainError) return scored;
  const adjusted = adjustLevel(scored.level, cmd);
  const level: CapabilityLevel = adjusted.level;
  return [
    {
      type: 'elder_care.assessment.completed.v1',
      data: {
        assessmentId: cmd.assessmentId,
        clientId: c.id,
        caseId: c.caseId,
        level,
        totalScore: scored.totalScore,
        respiteDaysPerYear: respiteDaysFor(level, rules.respite),
        assessedAt: now.toISOString(),
        reassessBy: reassessBy(now, rules.reassessMonths).toISOString(),
        baseLevel: scored.level,
        adjustments: adjusted.adjustments,
        dementia: cmd.diagnosis === 'dementia',
        previousAssessmentId: cmd.previousAssessmentId,
      },
    },
  ];
}
