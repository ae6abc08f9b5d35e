import { uuidv7From } from '@linkage/domain';

/** A clock's id is a function of its rule and subject, so replays and rebuilds find the same clock. */
export const clockIdOf = (ruleId: string, subjectKey: string): string => uuidv7From(0, `clock:${ruleId}:${subjectKey}`);

/** The breach (or warning) event of a clock has one id, however often it is found. */
export const clockEventIdOf = (clockId: string, what: 'warning' | 'breached', at: Date): string =>
  uuidv7From(at.getTime(), `${clockId}:${what}`);
