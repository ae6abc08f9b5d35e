import { Type } from '@sinclair/typebox';
import { loadConfig } from '@linkage/service-kit';
import { parseOffsets } from './domain/clocks.ts';

export const SERVICE = 'dv-referral';

const DayList = (def: string) => Type.String({ default: def, pattern: '^\\s*[1-9][0-9]*(\\s*,\\s*[1-9][0-9]*)*\\s*$' });

export const DvConfigSchema = Type.Object({
  /** Platform rule: hours a department has to accept or decline a referral. */
  ACCEPT_HOURS_DEFAULT: Type.Number({ minimum: 0.1, default: 24 }),
  ACCEPT_HOURS_HIGH_RISK: Type.Number({ minimum: 0.1, default: 1 }),
  /** Hours the case owner has to re-route a declined referral. */
  REROUTE_HOURS: Type.Number({ minimum: 0.1, default: 24 }),
  /** The caseworkers' department that owns cases arriving from intake or elder care. */
  CASE_OWNER_DEPT: Type.String({ default: 'wf:district', pattern: '^wf:[a-z0-9_-]+$' }),
  /**
   * Where a high-risk DV request's shelter offer goes, and the court its protection-order application is filed with.
   */
  SHELTER_DEPT: Type.String({ default: 'shelter:beilun', pattern: '^shelter:[a-z0-9_-]+$' }),
  COURT_DEPT: Type.String({ default: 'court:beilun', pattern: '^court:[a-z0-9_-]+$' }),
  /** Where a stated need for psychological support is referred. */
  COUNSELLING_DEPT: Type.String({ default: 'counselling:beilun', pattern: '^(counselling|health|wf):[a-z0-9_-]+$' }),
  /** Hours to deliver a warning letter to abuser and victim and notify the committee (ADVL Art. 17: on issue). */
  WARNING_DELIVERY_HOURS: Type.Number({ minimum: 0.1, default: 24 }),
  /** Days after a warning letter of the police follow-up visits (查访). */
  POLICE_VISIT_DAYS: DayList('7,30'),
  /** Days after the committee is notified of a warning letter of its visits (查访, ADVL Art. 17). */
  COMMITTEE_VISIT_DAYS: DayList('7,30'),
  /** Hours to serve an issued protection order on all parties (ADVL Art. 32: on issue). */
  ORDER_SERVE_HOURS: Type.Number({ minimum: 0.1, default: 24 }),
  /** Days before a protection order's end that `dv.protection_order.expiring.v1` is emitted. */
  ORDER_REMINDER_DAYS: Type.Integer({ minimum: 1, default: 14 }),
  /** Days after the DV part closes of the follow-up visits (plan 二(七)4). */
  FOLLOWUP_DAYS: DayList('7,30,90'),
  /** How often the reminder scheduler looks for due rows (0 = off; tests drive it directly). */
  SCHEDULER_INTERVAL_MS: Type.Integer({ minimum: 0, default: 60_000 }),
});

export function dvConfig(env: Record<string, string | undefined> = process.env) {
  const c = loadConfig(DvConfigSchema, env, {
    PORT: 4102,
    DATABASE_URL: 'postgres://postgres@127.0.0.1:15432/linkage_dv_referral',
  });
  return {
    ...c,
    policeVisitDays: parseOffsets(c.POLICE_VISIT_DAYS),
    committeeVisitDays: parseOffsets(c.COMMITTEE_VISIT_DAYS),
    followupDays: parseOffsets(c.FOLLOWUP_DAYS),
  };
}
export type DvConfig = ReturnType<typeof dvConfig>;
