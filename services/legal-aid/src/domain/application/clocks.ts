// Statutory clocks of the Legal Aid Law, as pure functions of dates (calendar days, to the minute).
const DAY_MS = 86_400_000;

/** LAL Art. 43: decide within 7 days of receiving the application. */
export const DECISION_DAYS = 7;
/** LAL Art. 43: assign a lawyer within 3 days of approval. */
export const ASSIGNMENT_DAYS = 3;
/** LAL Art. 49: review an objection to a refusal within 5 days of receiving it. */
export const OBJECTION_REVIEW_DAYS = 5;

const plusDays = (d: Date, days: number) => new Date(d.getTime() + days * DAY_MS);

export const decideByFrom = (receivedAt: Date): Date => plusDays(receivedAt, DECISION_DAYS);
export const assignByFrom = (approvedAt: Date): Date => plusDays(approvedAt, ASSIGNMENT_DAYS);
export const reviewByFrom = (objectionFiledAt: Date): Date => plusDays(objectionFiledAt, OBJECTION_REVIEW_DAYS);

/** Time left on the decision clock when it is paused (never negative). */
export const remainingMs = (decideBy: Date, pausedAt: Date): number => Math.max(0, decideBy.getTime() - pausedAt.getTime());

/**
 * Art. 43: the time the applicant takes to supply requested materials does not count. When they
 * arrive, the clock resumes with what was left when it was paused.
 */
export const resumedDecideBy = (decideBy: Date, pausedAt: Date, resumedAt: Date): Date => new Date(resumedAt.getTime() + remainingMs(decideBy, pausedAt));
