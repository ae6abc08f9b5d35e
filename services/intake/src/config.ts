import { Type } from '@sinclair/typebox';
import { loadConfig } from '@linkage/service-kit';

export const SERVICE = 'intake';

export const IntakeConfigSchema = Type.Object({
  /** The department that owns cases opened from mandatory reports (the reporter's own dept never does). */
  MANDATORY_REPORT_OWNER_DEPT: Type.String({ default: 'wf:district', pattern: '^[a-z_]+:[a-z0-9_-]+$' }),
  /**
   * The legal aid centre that receives intake's applications (legal-aid's LEGAL_AID_CENTRE_DEPT): it may read their
   * dossiers.
   */
  LEGAL_AID_CENTRE_DEPT: Type.String({ default: 'legal_aid:beilun', pattern: '^legal_aid:[a-z0-9_-]+$' }),
  /** Days after a DV case closes when follow-up visits are due (跟踪回访, plan 二(七)4). */
  FOLLOW_UP_DAYS: Type.String({ default: '7,30,90', pattern: '^[0-9]{1,3}(,[0-9]{1,3}){0,9}$' }),
});

export function intakeConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(IntakeConfigSchema, env, {
    PORT: 4101,
    DATABASE_URL: 'postgres://postgres@127.0.0.1:15432/linkage_intake',
  });
}
export type IntakeConfig = ReturnType<typeof intakeConfig>;

export interface IntakeSettings {
  mandatoryReportOwnerDept: string;
  followUpDays: number[];
  legalAidCentreDept: string;
}

export const settingsOf = (c: IntakeConfig): IntakeSettings => ({
  mandatoryReportOwnerDept: c.MANDATORY_REPORT_OWNER_DEPT,
  followUpDays: c.FOLLOW_UP_DAYS.split(',').map(Number),
  legalAidCentreDept: c.LEGAL_AID_CENTRE_DEPT,
});
