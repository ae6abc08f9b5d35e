import type { RiskLevel } from '@linkage/contracts';
import { ValidationError } from '@linkage/domain';

/**
 * The default risk checklist: 24 yes/no items adapted from the SafeLives DASH model.
 * Versioned: answers are stored with the version they were given against.
 */
export const DASH_V1 = {
  version: 'dash-2026.1',
  highThreshold: 14,
  mediumThreshold: 10,
  items: [
    { id: 'current_injury', zh: '本次事件是否造成伤害？', en: 'Is the current incident resulting in injury?' },
    { id: 'very_frightened', zh: '您是否非常害怕？', en: 'Are you very frightened?' },
    {
      id: 'afraid_of_outcome',
      zh: '您害怕会发生什么？（被杀、伤害他人）',
      en: 'What are you afraid of — being killed, others harmed?',
    },
    { id: 'isolated', zh: '您是否被隔离于家人朋友之外？', en: 'Do you feel isolated from family and friends?' },
    {
      id: 'depressed_suicidal',
      zh: '您是否感到抑郁或有轻生念头？',
      en: 'Are you feeling depressed or having suicidal thoughts?',
    },
    {
      id: 'separation',
      zh: '过去一年是否分居或试图分开？',
      en: 'Have you separated or tried to separate in the past year?',
    },
    { id: 'child_contact_conflict', zh: '是否存在子女探视冲突？', en: 'Is there conflict over child contact?' },
    { id: 'stalking', zh: '对方是否跟踪、骚扰您？', en: 'Does the abuser constantly text, call, stalk or harass you?' },
    {
      id: 'pregnant_recent_birth',
      zh: '您是否怀孕或近18个月内生产？',
      en: 'Are you pregnant or have you had a baby in the last 18 months?',
    },
    { id: 'children_at_home', zh: '家中是否有未成年子女？', en: 'Are there children in the household?' },
    { id: 'children_harmed', zh: '对方是否伤害过子女？', en: 'Has the abuser ever hurt the children?' },
    {
      id: 'dependants_threatened',
      zh: '对方是否威胁伤害子女或其他亲属？',
      en: 'Has the abuser threatened to hurt or kill the children or someone else?',
    },
    { id: 'escalating', zh: '暴力是否越来越频繁或严重？', en: 'Is the abuse happening more often or getting worse?' },
    {
      id: 'controlling_jealous',
      zh: '对方是否极度嫉妒、控制您的行为？',
      en: 'Does the abuser try to control everything you do or is excessively jealous?',
    },
    {
      id: 'weapon_used',
      zh: '对方是否使用过凶器或物品伤害您？',
      en: 'Has the abuser ever used weapons or objects to hurt you?',
    },
    {
      id: 'threat_to_kill',
      zh: '对方是否威胁要杀您或他人？',
      en: 'Has the abuser ever threatened to kill you or someone else?',
    },
    {
      id: 'strangulation',
      zh: '对方是否曾掐、勒您的脖子或令您窒息？',
      en: 'Has the abuser ever attempted to strangle, choke, suffocate or drown you?',
    },
    {
      id: 'sexual_abuse',
      zh: '对方是否对您实施性侵害？',
      en: 'Does the abuser do or say things of a sexual nature that make you feel bad or physically hurt you?',
    },
    {
      id: 'others_threatened',
      zh: '是否还有其他人威胁您的安全？',
      en: 'Is there any other person who has threatened you or you are afraid of?',
    },
    { id: 'abuser_hurt_others', zh: '对方是否伤害过其他人？', en: 'Do you know if the abuser has hurt anyone else?' },
    {
      id: 'animal_cruelty',
      zh: '对方是否虐待过宠物？',
      en: 'Has the abuser ever mistreated an animal or the family pet?',
    },
    {
      id: 'financial_problems',
      zh: '是否存在经济问题（失业等）？',
      en: 'Are there any financial issues — dependence on the abuser, job loss?',
    },
    {
      id: 'substance_mental_health',
      zh: '对方是否酗酒、吸毒或有精神健康问题？',
      en: 'Has the abuser had problems with drugs, alcohol or mental health?',
    },
    {
      id: 'prior_police_calls',
      zh: '是否曾报警（110）或对方有违法记录？',
      en: 'Have the police been called before, or does the abuser have a criminal history?',
    },
  ],
} as const;

export type ChecklistItemId = (typeof DASH_V1.items)[number]['id'];
export const CHECKLIST_ITEM_IDS = DASH_V1.items.map((i) => i.id) as ChecklistItemId[];

/**
 * A risk checklist version. DASH_V1 is the built-in default; an admin may publish another version
 * (POST /risk-checklists), which then scores every new screening. Answers are stored with the
 * version they were given against.
 */
export interface Checklist {
  version: string;
  highThreshold: number;
  mediumThreshold: number;
  items: readonly { id: string; zh: string; en: string }[];
}

/** Answers naming items this checklist version does not have (each a 400 path). */
export function unknownItems(checklist: Checklist, yes: readonly string[]): { path: string; message: string }[] {
  const ids = new Set(checklist.items.map((i) => i.id));
  return yes.flatMap((id, n) =>
    ids.has(id) ? [] : [{ path: `/risk/yes/${n}`, message: `not an item of checklist ${checklist.version}: ${id}` }],
  );
}

/** Is a proposed checklist sound: unique ids, thresholds in range (medium < high ≤ item count)? */
export function checklistProblems(c: Checklist): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  c.items.forEach((i, n) => {
    if (seen.has(i.id)) problems.push({ path: `/items/${n}/id`, message: `duplicate item id ${i.id}` });
    seen.add(i.id);
  });
  if (c.highThreshold > c.items.length)
    problems.push({ path: '/highThreshold', message: 'must not exceed the number of items' });
  if (c.mediumThreshold >= c.highThreshold)
    problems.push({ path: '/mediumThreshold', message: 'must be below highThreshold' });
  return problems;
}

const ORDER: Record<RiskLevel, number> = { standard: 0, medium: 1, high: 2 };

export interface RiskScore {
  checklistVersion: string;
  yesCount: number;
  scoredLevel: RiskLevel;
  level: RiskLevel;
  raisedByJudgement: boolean;
}

/**
 * Score the checklist: ≥ highThreshold "yes" ⇒ high (14 of 24 by default), ≥ mediumThreshold ⇒
 * medium (10), else standard. Professional judgement may raise the level (never lower it). A repeat
 * incident within 12 months raises standard to medium.
 */
export function scoreRisk(
  yes: readonly string[],
  judgement?: RiskLevel,
  repeat = false,
  checklist: Checklist = DASH_V1,
): RiskScore {
  const yesCount = new Set(yes).size;
  const scoredLevel: RiskLevel =
    yesCount >= checklist.highThreshold ? 'high' : yesCount >= checklist.mediumThreshold ? 'medium' : 'standard';
  let level = scoredLevel;
  if (repeat && ORDER[level] < ORDER.medium) level = 'medium';
  const raisedByJudgement = judgement !== undefined && ORDER[judgement] > ORDER[level];
  if (raisedByJudgement) level = judgement;
  return { checklistVersion: checklist.version, yesCount, scoredLevel, level, raisedByJudgement };
}

/** A screening's answers, as the operator gives them. */
export interface Screening {
  yes: readonly string[];
  judgement?: RiskLevel | undefined;
  judgementReason?: string | undefined;
}

/** Score a screening against a checklist version, or say why it cannot be scored (a 400). */
export function screenRisk(
  answers: Screening | undefined,
  repeat: boolean,
  checklist: Checklist,
): RiskScore | ValidationError {
  if (answers?.judgement && !answers.judgementReason)
    return new ValidationError(
      'judgement_reason_required',
      'Raising the risk level by professional judgement needs a reason.',
    );
  const unknown = unknownItems(checklist, answers?.yes ?? []);
  if (unknown.length > 0)
    return new ValidationError(
      'unknown_checklist_item',
      `Answers must name items of the active checklist (${checklist.version}).`,
      unknown,
    );
  return scoreRisk(answers?.yes ?? [], answers?.judgement, repeat, checklist);
}
