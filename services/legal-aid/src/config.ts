import { Type } from '@sinclair/typebox';
import { loadConfig } from '@linkage/service-kit';

export const SERVICE = 'legal-aid';

export const LegalAidConfigSchema = Type.Object({
  /** The legal aid centre that receives intake referrals (`legal_aid:<centre>`). */
  LEGAL_AID_CENTRE_DEPT: Type.String({ default: 'legal_aid:beilun', pattern: '^legal_aid:[a-z0-9_-]+$' }),
  /** How often applications whose materials period ran out are deemed withdrawn (0 = off; tests drive it). */
  SCHEDULER_INTERVAL_MS: Type.Integer({ minimum: 0, default: 60_000 }),
});

export function legalAidConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(LegalAidConfigSchema, env, {
    PORT: 4103,
    DATABASE_URL: 'postgres://postgres@127.0.0.1:15432/linkage_legal_aid',
  });
}
export type LegalAidConfig = ReturnType<typeof legalAidConfig>;
