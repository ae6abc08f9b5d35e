/** The active risk checklist, as intake serves it at GET /risk-checklist. */
export interface Checklist {
  version: string;
  highThreshold: number;
  mediumThreshold: number;
  items: { id: string; zh: string; en: string }[];
}

export type RiskLevel = 'standard' | 'medium' | 'high';
const ORDER: Record<RiskLevel, number> = { standard: 0, medium: 1, high: 2 };

export interface RiskScore {
  yesCount: number;
  scoredLevel: RiskLevel;
  level: RiskLevel;
  raisedByJudgement: boolean;
  /** "yes" answers still needed to reach the next level (null at high) */
  toNext: number | null;
}

/**
 * The same rule intake applies when the case is saved (services/intake/src/domain/risk/checklist.ts):
 * ≥ highThreshold "yes" ⇒ high, ≥ mediumThreshold ⇒ medium, else standard; the operator's
 * judgement may raise the level, never lower it. Answers not on the checklist do not count.
 */
export function scoreChecklist(checklist: Checklist, yes: readonly string[], judgement?: RiskLevel | null): RiskScore {
  const known = new Set(checklist.items.map((i) => i.id));
  const yesCount = new Set(yes.filter((y) => known.has(y))).size;
  const scoredLevel: RiskLevel =
    yesCount >= checklist.highThreshold ? 'high' : yesCount >= checklist.mediumThreshold ? 'medium' : 'standard';
  const raisedByJudgement = !!judgement && ORDER[judgement] > ORDER[scoredLevel];
  const level = raisedByJudgement ? judgement! : scoredLevel;
  const toNext =
    scoredLevel === 'high'
      ? null
      : (scoredLevel === 'medium' ? checklist.highThreshold : checklist.mediumThreshold) - yesCount;
  return { yesCount, scoredLevel, level, raisedByJudgement, toNext };
}
