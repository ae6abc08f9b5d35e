import { Type } from '@sinclair/typebox';
import { loadConfig } from '@linkage/service-kit';

export const SERVICE = 'dv-referral';

export const DvConfigSchema = Type.Object({
  /** Platform rule: hours a department has to accept or decline a referral. */
  ACCEPT_HOURS_DEFAULT: Type.Number({ minimum: 0.1, default: 24 }),
  ACCEPT_HOURS_HIGH_RISK: Type.Number({ minimum: 0.1, default: 1 }),
});

export function dvConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(DvConfigSchema, env, {
    PORT: 4102,
    DATABASE_URL: 'postgres://postgres@127.0.0.1:15432/linkage_dv_referral',
  });
}
export type DvConfig = ReturnType<typeof dvConfig>;
