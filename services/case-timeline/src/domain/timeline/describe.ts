import type { EventOf, EventType, LinkageEvent } from '@linkage/contracts';

const RISK_ZH: Record<string, string> = { high: '高', medium: '中', standard: '一般' };
const TARGET_ZH: Record<string, string> = { dv: '反家暴联动', legal_aid: '法律援助', elder_care: '养老服务' };
const DEPT_ZH: Record<string, string> = { police: '公安派出所', court: '法院', shelter: '庇护场所', health: '医疗机构', counselling: '心理咨询', wf: '妇联' };

type Describers = { [T in EventType]?: (e: EventOf<T>) => string };

/** One-line, de-identified descriptions (zh-CN) per event type; unknown types fall back to their name. */
export const DESCRIBERS: Describers = {
  'intake.case.opened.v1': (e) => `立案 ${e.data.caseNumber}（风险：${RISK_ZH[e.data.riskLevel] ?? e.data.riskLevel}${e.data.repeat ? '，重复求助' : ''}）`,
  'intake.referral.requested.v1': (e) => `申请转介至${TARGET_ZH[e.data.target] ?? e.data.target}（依据：${e.data.consentBasis}）`,
  'oversight.sla.warning.v1': (e) => `时限预警：${e.data.ruleId}（${e.data.dept ?? '—'}）将于 ${e.data.deadline} 到期`,
  'oversight.sla.breached.v1': (e) => `已超时：${e.data.ruleId}（${e.data.dept ?? '—'}），时限 ${e.data.deadline}`,
  'dv.referral.created.v1': (e) => `已转介${DEPT_ZH[e.data.department] ?? e.data.department}（${e.data.assignedDept}），须于 ${e.data.acceptBy} 前受理`,
};

export function describe(e: LinkageEvent): string {
  const d = DESCRIBERS[e.type] as ((e: LinkageEvent) => string) | undefined;
  return d ? d(e) : e.type;
}
