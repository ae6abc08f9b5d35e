// Statutory and platform clocks, as pure functions of the time the clock starts.
import { addDays, addHours, addMonths } from '@linkage/service-kit';

export { addDays, addHours, addMonths };

const DAY = 86_400_000;

/** ADVL Art. 28: the court rules within 72 h of accepting an application, 24 h if urgent. */
export const ruleBy = (acceptedAt: Date, urgent: boolean): Date => addHours(acceptedAt, urgent ? 24 : 72);

/** ADVL Art. 30: a protection order is valid for at most 6 months from issue. */
export const maxValidUntil = (issuedAt: Date): Date => addMonths(issuedAt, 6);

/** ADVL Art. 31: reconsideration may be requested within 5 days of the ruling. */
export const reconsiderBy = (ruledAt: Date): Date => addDays(ruledAt, 5);

/** When to remind that an order is about to lapse: `days` before its end (never before it was issued). */
export const remindAt = (validUntil: Date, days: number, issuedAt: Date): Date => new Date(Math.max(addDays(validUntil, -days).getTime(), issuedAt.getTime()));

/** Whole days of a shelter stay (a same-day stay is 0). */
export const lengthOfStayDays = (checkedInAt: Date, checkedOutAt: Date): number => Math.max(0, Math.floor((checkedOutAt.getTime() - checkedInAt.getTime()) / DAY));

/** Follow-up visits (跟踪回访) after closure, or police visits (查访) after a warning letter: one due date per offset. */
export const visitsDue = (from: Date, offsetsDays: readonly number[]): { offsetDays: number; dueAt: Date }[] =>
  [...new Set(offsetsDays)].sort((a, b) => a - b).map((offsetDays) => ({ offsetDays, dueAt: addDays(from, offsetDays) }));

/** Parse a configured list of day offsets ("7,30,90"). */
export function parseOffsets(s: string): number[] {
  const xs = s.split(',').map((x) => Number(x.trim()));
  if (xs.length === 0 || xs.some((x) => !Number.isInteger(x) || x < 1)) throw new Error(`not a list of positive whole days: "${s}"`);
  return xs;
}
