import type { CapabilityLevel } from '@linkage/contracts';
import { dayPeriodEnd, monthPeriodEnd, ValidationError, type Calendar } from '@linkage/domain';

/**
 * The elderly capability assessment (老年人能力评估规范, GB/T 42195-2022, Appendix A 老年人能力评估表): 26 items in
 * four domains (higher = more capable) — A.1 自理能力 8 items, 32 points; A.2 基础运动能力 4 items, 15; A.3 精神状态
 * 9 items, 28; A.4 感知觉与社会参与 5 items, 15; 90 in all. The level follows the total: 90 能力完好, 66–89 轻度失能,
 * 46–65 中度失能, 30–45 重度失能, 0–29 完全失能; then the standard's adjustments (see `adjustLevel`).
 * Sources: the statement of the maxima and the A.1 item scales (4 points each) found in public copies of the
 * table; the public copies we could search did not show A.2–A.4 in full, so those maxima are as the issue states them.
 */
export const DOMAINS = {
  self_care: {
    zh: '自理能力',
    // A.1.1 进食, A.1.2 修饰, A.1.3 洗澡, A.1.4 穿/脱上衣, A.1.5 穿/脱裤子和鞋袜, A.1.6 小便控制, A.1.7 大便控制, A.1.8 如厕
    items: {
      eating: 4,
      grooming: 4,
      bathing: 4,
      dressing_upper: 4,
      dressing_lower: 4,
      bladder_control: 4,
      bowel_control: 4,
      toileting: 4,
    },
  },
  // A.2.1 床上体位转移, A.2.2 床椅转移, A.2.3 平地行走, A.2.4 上下楼梯 (3)
  mobility: { zh: '基础运动能力', items: { bed_mobility: 4, transfer: 4, walking: 4, stairs: 3 } },
  mental: {
    zh: '精神状态',
    // A.3.1 时间定向, A.3.2 空间定向, A.3.3 人物定向, A.3.4 记忆, A.3.5 理解能力, A.3.6 表达能力 (4 each),
    // A.3.7 攻击行为 (1), A.3.8 抑郁症状 (1), A.3.9 意识水平 (2)
    items: {
      time_orientation: 4,
      space_orientation: 4,
      person_orientation: 4,
      memory: 4,
      understanding: 4,
      expression: 4,
      aggression: 1,
      depression: 1,
      consciousness: 2,
    },
  },
  // A.4.1 视力 (2), A.4.2 听力 (2), A.4.3 执行日常事务 (4), A.4.4 使用交通工具外出 (3), A.4.5 社会交往能力 (4)
  perception_social: {
    zh: '感知觉与社会参与',
    items: { vision: 2, hearing: 2, daily_affairs: 4, going_out_by_transport: 3, social_interaction: 4 },
  },
} as const;

/** GB/T 42195-2022 domain maxima. */
export const DOMAIN_MAX = { self_care: 32, mobility: 15, mental: 28, perception_social: 15 } as const;

export type Domain = keyof typeof DOMAINS;
export const ITEM_MAX: Record<string, number> = Object.fromEntries(
  Object.values(DOMAINS).flatMap((d) => Object.entries(d.items)),
);
export const ITEM_IDS = Object.keys(ITEM_MAX);
export const MAX_TOTAL = Object.values(ITEM_MAX).reduce((a, b) => a + b, 0); // 90

export const LEVEL_ZH: Record<CapabilityLevel, string> = {
  intact: '能力完好',
  mild: '轻度失能',
  moderate: '中度失能',
  severe: '重度失能',
  total: '完全失能',
};
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

const LEVELS: readonly CapabilityLevel[] = ['intact', 'mild', 'moderate', 'severe', 'total'];

/** What the standard adjusts the level for (besides the items). */
export interface LevelFacts {
  /** In a coma (昏迷). */
  coma?: boolean | undefined;
  /**
   * Diagnosed dementia (痴呆, F00–F03), or another mental and behavioural disorder diagnosed by a psychiatrist (F04–F99).
   */
  diagnosis?: 'dementia' | 'other_mental_disorder' | null | undefined;
  /** Care-risk events (照护风险事件: falls, choking, suicide, self-harm, wandering…) in the last 30 days. */
  careRiskEventsLast30Days?: number | undefined;
}

export type Adjustment = 'coma' | 'dementia_or_mental_disorder' | 'care_risk_events';

/**
 * GB/T 42195-2022 level adjustments: in a coma ⇒ 能力完全丧失 directly; diagnosed dementia or another mental disorder ⇒
 * one level worse; two or more care-risk events in the last 30 days ⇒ one level worse. (Whether the last two add up
 * is not clear from what we could read; here each applies, capped at the worst level.)
 */
export function adjustLevel(
  base: CapabilityLevel,
  f: LevelFacts,
): { level: CapabilityLevel; adjustments: Adjustment[] } {
  if (f.coma) return { level: 'total', adjustments: ['coma'] };
  const adjustments: Adjustment[] = [];
  if (f.diagnosis === 'dementia' || f.diagnosis === 'other_mental_disorder')
    adjustments.push('dementia_or_mental_disorder');
  if ((f.careRiskEventsLast30Days ?? 0) >= 2) adjustments.push('care_risk_events');
  const rank = Math.min(LEVELS.length - 1, LEVELS.indexOf(base) + adjustments.length);
  return { level: LEVELS[rank]!, adjustments };
}

/** Score a complete set of item scores; every item must be present, within 0..max (else the refusal, naming them). */
export function scoreAssessment(items: Record<string, number>): ScoredAssessment | ValidationError {
  const errors: { path: string; message: string }[] = [];
  for (const id of ITEM_IDS) {
    const v = items[id];
    if (v === undefined) errors.push({ path: `/items/${id}`, message: 'missing item score' });
    else if (!Number.isInteger(v) || v < 0 || v > ITEM_MAX[id]!)
      errors.push({ path: `/items/${id}`, message: `must be an integer 0..${ITEM_MAX[id]}` });
  }
  for (const id of Object.keys(items))
    if (!(id in ITEM_MAX)) errors.push({ path: `/items/${id}`, message: 'unknown item' });
  if (errors.length)
    return new ValidationError(
      'assessment_items_invalid',
      'The assessment item scores are incomplete or out of range.',
      errors,
    );
  const domainScores = Object.fromEntries(
    (Object.keys(DOMAINS) as Domain[]).map((d) => [
      d,
      Object.keys(DOMAINS[d].items).reduce((sum, id) => sum + items[id]!, 0),
    ]),
  ) as Record<Domain, number>;
  const totalScore = Object.values(domainScores).reduce((a, b) => a + b, 0);
  return { totalScore, domainScores, level: levelFromTotal(totalScore) };
}

export type RespiteEntitlement = Record<CapabilityLevel, number>;

/** Annual respite entitlement (days per calendar year) for a level, from configuration. */
export const respiteDaysFor = (level: CapabilityLevel, table: RespiteEntitlement): number => table[level];

/**
 * Reassessment is due `months` after the assessment: 24:00 Beijing of the corresponding day (Civil Code Arts. 201–202).
 */
export const reassessBy = (assessedAt: Date, months: number): Date => monthPeriodEnd(assessedAt, months);

/** The first assessment is due `days` after the referral (platform rule), counted per Civil Code Arts. 201–203. */
export const assessBy = (referredAt: Date, days: number, cal: Calendar): Date => dayPeriodEnd(referredAt, days, cal);
