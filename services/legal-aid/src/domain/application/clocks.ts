// Statutory clocks of the Legal Aid Law, counted as the Civil Code counts periods (Arts. 201–203,
// @linkage/domain calendar): the day the clock starts is not counted, the period ends at 24:00 Beijing time
// on its last day, and a last day on a statutory rest day moves to the next working day.
import { beijingDate, dayPeriodEnd, range, type Calendar } from '@linkage/domain';

/** LAL Art. 43: decide within 7 days of receiving the application. */
export const DECISION_DAYS = 7;
/** LAL Art. 43: assign a lawyer within 3 days of approval. */
export const ASSIGNMENT_DAYS = 3;
/** LAL Art. 49: the justice bureau reviews an objection within 5 days of receiving it. */
export const OBJECTION_REVIEW_DAYS = 5;
/**
 * LAL Art. 43 / 《办理法律援助案件程序规定》(司法部令第148号) Art. 13: missing materials are requested once,
 * and an applicant who does not supply them "按要求" is deemed to have withdrawn. Neither text fixes the
 * number of days; the centre sets it in its notice. This is the default when the officer sets none.
 */
export const MATERIALS_DEFAULT_DAYS = 15;

export const decideByFrom = (receivedAt: Date, cal: Calendar): Date => dayPeriodEnd(receivedAt, DECISION_DAYS, cal);
export const assignByFrom = (approvedAt: Date, cal: Calendar): Date => dayPeriodEnd(approvedAt, ASSIGNMENT_DAYS, cal);
export const reviewByFrom = (objectionFiledAt: Date, cal: Calendar): Date =>
  dayPeriodEnd(objectionFiledAt, OBJECTION_REVIEW_DAYS, cal);
export const supplyByFrom = (requestedAt: Date, days: number, cal: Calendar): Date =>
  dayPeriodEnd(requestedAt, days, cal);

/** Time left on the decision clock when it is paused (never negative). */
export const remainingMs = (decideBy: Date, pausedAt: Date): number =>
  Math.max(0, decideBy.getTime() - pausedAt.getTime());

/** The same in hours, to the hundredth (the materials request states it). */
export const remainingHours = (decideBy: Date, pausedAt: Date): number =>
  Math.round(remainingMs(decideBy, pausedAt) / 36_000) / 100;

/** Calendar days from date `a` to date `b` (`YYYY-MM-DD`); 0 when `b` is not after `a`. */
const daysBetween = (a: string, b: string) => Math.max(0, range(a, b).length - 1);

/**
 * 程序规定 Art. 13: the time the applicant takes to supply materials is not counted. The days used before
 * the pause (from the day after receipt to the day of the request) are spent; the rest run again from the
 * day after the materials arrive (at least to the end of that working day).
 */
export function resumedDecideBy(receivedAt: Date, pausedAt: Date, resumedAt: Date, cal: Calendar): Date {
  const used = daysBetween(beijingDate(receivedAt), beijingDate(pausedAt));
  return dayPeriodEnd(resumedAt, Math.max(0, DECISION_DAYS - used), cal);
}
