import type { CapabilityLevel } from '@linkage/contracts';
import { addMonths, ValidationError } from '@linkage/service-kit';

/**
 * The elderly capability assessment (老年人能力评估规范, GB/T 42195-2022): 26 items in four
 * domains, 90 points in all (higher = more capable). Item maxima are data; the level follows
 * the total: 90 能力完好, 66–89 轻度失能, 46–65 中度失能, 30–45 重度失能, 0–29 完全失能.
 */
export const DOMAINS = {
  self_care: { zh: '自理能力', items: { eating: 4, grooming: 4, bathing: 4, dressing_upper: 4, dressing_lower: 4, toileting: 4, bowel_control: 4, bladder_control: 4 } },
  mobility: { zh: '基础运动能力', items: { transfer: 4, walking: 4, stairs: 4, getting_up: 4 } },
  mental: { zh: '精神状态', items: { time_orientation: 4, space_orientation: 4, person_orientation: 2, memory: 2, understanding: 2, expression: 2, aggression: 2, depression: 2, consciousness: 4 } },
  perception_social: { zh: '感知觉与社会参与', items: { vision: 4, hearing: 4, daily_affairs: 4, tool_use: 2, social_interaction: 4 } },
} as const;

export type Domain = keyof typeof DOMAINS;
export const ITEM_MAX: Record<string, number> = Object.fromEntries(Object.values(DOMAINS).flatMap((d) => Object.entries(d.items)));
export const ITEM_IDS = Object.keys(ITEM_MAX);
export const MAX_TOTAL = Object.values(ITEM_MAX).reduce((a, b) => a + b, 0); // 90

export const LEVEL_ZH: Record<CapabilityLevel, string> = { intact: '能力完好', mild: '轻度失能', moderate: '中度失能', severe: '重度失能', total: '完全失能' };
/** Severity rank: 0 intact … 4 total. */
export const LEVEL_RANK: Record<CapabilityLevel, number> = { intact: 0, mild: 1, moderate: 2, severe: 3, total: 4 };

export function levelFromTotal(total: number): CapabilityLevel {
  if (total >= 90) return 'intact';
  if (total >= 66) return 'mild';
  if (total >= 46) return 'moderate';
  if (total >= 30) return 'severe';
  return 'total';
}

export interface ScoredAssessment {
  totalScore: number;
  domainScores: Record<Domain, number>;
  level: CapabilityLevel;
}

/** Score a complete set of item scores; every item must be present, within 0..max. */
export function scoreAssessment(items: Record<string, number>): ScoredAssessment {
  const errors: { path: string; message: string }[] = [];
  for (const id of ITEM_IDS) {
    const v = items[id];
    if (v === undefined) errors.push({ path: `/items/${id}`, message: 'missing item score' });
    else if (!Number.isInteger(v) || v < 0 || v > ITEM_MAX[id]!) errors.push({ path: `/items/${id}`, message: `must be an integer 0..${ITEM_MAX[id]}` });
  }
  for (const id of Object.keys(items)) if (!(id in ITEM_MAX)) errors.push({ path: `/items/${id}`, message: 'unknown item' });
  if (errors.length) throw new ValidationError('assessment_items_invalid', 'The assessment item scores are incomplete or out of range.', errors);
  const domainScores = Object.fromEntries(
    (Object.keys(DOMAINS) as Domain[]).map((d) => [d, Object.keys(DOMAINS[d].items).reduce((sum, id) => sum + items[id]!, 0)]),
  ) as Record<Domain, number>;
  const totalScore = Object.values(domainScores).reduce((a, b) => a + b, 0);
  return { totalScore, domainScores, level: levelFromTotal(totalScore) };
}

export type RespiteEntitlement = Record<CapabilityLevel, number>;

/** Annual respite entitlement (days per calendar year) for a level, from configuration. */
export const respiteDaysFor = (level: CapabilityLevel, table: RespiteEntitlement): number => table[level];

/** Reassessment is due `months` after the assessment (calendar months, clamped to month end). */
export const reassessBy = (assessedAt: Date, months: number): Date => addMonths(assessedAt, months);

/** The first assessment is due `days` after the referral (platform rule, configurable). */
export const assessBy = (referredAt: Date, days: number): Date => new Date(referredAt.getTime() + days * 86_400_000);
