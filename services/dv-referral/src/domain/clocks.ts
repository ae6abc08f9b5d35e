// Statutory and platform clocks, as pure functions of the time the clock starts.
import { addDays, addHours, dayPeriodEnd, monthPeriodEnd, type Calendar } from '@linkage/domain';

/** ADVL Art. 28: the court rules within 72 h of accepting an application, 24 h if urgent. */
export const ruleBy = (acceptedAt: Date, urgent: boolean): Date => addHours(acceptedAt, urgent ? 24 : 72);

/**
 * ADVL Art. 30: valid for at most 6 months from issue — to 24:00 Beijing time of the corresponding day six months
 * on (Civil Code Arts. 201–202; a validity is not moved for holidays).
 */
export const maxValidUntil = (issuedAt: Date): Date => monthPeriodEnd(issuedAt, 6);

/** ADVL Art. 31: reconsideration within 5 days of the ruling, counted per Civil Code Arts. 201–203. */
export const reconsiderBy = (ruledAt: Date, cal: Calendar): Date => dayPeriodEnd(ruledAt, 5, cal);

/**
 * The court's decision on a reconsideration. Neither ADVL Art. 31 nor 法释〔2022〕17号 sets a period that we found;
 * platform rule: 5 days (counted like the request period) so the request never stays pending for ever.
 */
export const RECONSIDERATION_DECISION_DAYS = 5;
export const reconsiderationDecideBy = (requestedAt: Date, cal: Calendar): Date =>
  dayPeriodEnd(requestedAt, RECONSIDERATION_DECISION_DAYS, cal);

/** When to remind that an order is about to lapse: `days` before its end (never before it was issued). */
export const remindAt = (validUntil: Date, days: number, issuedAt: Date): Date =>
  new Date(Math.max(addDays(validUntil, -days).getTime(), issuedAt.getTime()));

/** Whole days of a shelter stay (a same-day stay is 0): the 24-hour days completed between check-in and out. */
export function lengthOfStayDays(checkedInAt: Date, checkedOutAt: Date): number {
  let days = 0;
  while (addDays(checkedInAt, days + 1).getTime() <= checkedOutAt.getTime()) days++;
  return days;
}

/**
 * Follow-up visits (跟踪回访) after closure, or police visits (查访) after a warning letter: one due date per offset.
 * Each visit is due by the end of the day `offset` days on, counted per Civil Code Arts. 201–203. */
export const visitsDue = (
  from: Date,
  offsetsDays: readonly number[],
  cal: Calendar,
): { offsetDays: number; dueAt: Date }[] =>
  [...new Set(offsetsDays)]
    .sort((a, b) => a - b)
    .map((offsetDays) => ({ offsetDays, dueAt: dayPeriodEnd(from, offsetDays, cal) }));

/** Parse a configured list of day offsets ("7,30,90"). */
export function parseOffsets(s: string): number[] {
  const xs = s.split(',').map((x) => Number(x.trim()));
  if (xs.length === 0 || xs.some((x) => !Number.isInteger(x) || x < 1))
    throw new Error(`not a list of positive whole days: "${s}"`);
  return xs;
}
