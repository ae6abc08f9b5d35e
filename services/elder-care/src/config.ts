import { Type } from '@sinclair/typebox';
import { loadConfig } from '@linkage/service-kit';
import type { RespiteEntitlement } from './domain/assessment/levels.ts';

export const SERVICE = 'elder-care';

const Days = (d: number) => Type.Integer({ minimum: 0, maximum: 366, default: d });

export const ElderCareConfigSchema = Type.Object({
  /** Platform rule: days from referral to the first capability assessment. */
  ASSESS_WITHIN_DAYS: Type.Integer({ minimum: 1, maximum: 90, default: 10 }),
  /** Months until a capability assessment must be repeated. */
  REASSESS_MONTHS: Type.Integer({ minimum: 1, maximum: 36, default: 12 }),
  /** Annual respite (喘息服务) entitlement in days, by capability level. */
  RESPITE_DAYS_INTACT: Days(0),
  RESPITE_DAYS_MILD: Days(7),
  RESPITE_DAYS_MODERATE: Days(14),
  RESPITE_DAYS_SEVERE: Days(21),
  RESPITE_DAYS_TOTAL: Days(28),
});

export function elderCareConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(ElderCareConfigSchema, env, {
    PORT: 4104,
    DATABASE_URL: 'postgres://postgres@127.0.0.1:15432/linkage_elder_care',
  });
}
export type ElderCareConfig = ReturnType<typeof elderCareConfig>;

export interface ElderCarePolicy {
  assessWithinDays: number;
  reassessMonths: number;
  respite: RespiteEntitlement;
}

export const policyOf = (c: ElderCareConfig): ElderCarePolicy => ({
  assessWithinDays: c.ASSESS_WITHIN_DAYS,
  reassessMonths: c.REASSESS_MONTHS,
  respite: {
    intact: c.RESPITE_DAYS_INTACT,
    mild: c.RESPITE_DAYS_MILD,
    moderate: c.RESPITE_DAYS_MODERATE,
    severe: c.RESPITE_DAYS_SEVERE,
    total: c.RESPITE_DAYS_TOTAL,
  },
});
