import { STREETS, type EventOf, type EventType, type LinkageEvent } from '@linkage/contracts';
import { beijingMinute } from '@linkage/domain';
import { CLOCK_RULES } from '../clocks/rules.ts';

const RISK_ZH: Record<string, string> = { high: '高', medium: '中', standard: '一般' };
const TARGET_ZH: Record<string, string> = { dv: '反家暴联动', legal_aid: '法律援助', elder_care: '养老服务' };
const DEPT_ZH: Record<string, string> = {
  police: '公安派出所',
  court: '法院',
  shelter: '庇护场所',
  health: '医疗机构',
  counselling: '心理咨询',
  wf: '妇联',
};
const BASIS_ZH: Record<string, string> = {
  consent: '本人同意',
  mandatory_report: '强制报告',
  high_risk_exception: '高风险例外',
  override: '依法未经同意，已记录理由',
};
const UNIT_ZH: Record<string, string> = { district: '全区', beilun: '北仑区' };
const KIND_ZH: Record<string, string> = {
  ...DEPT_ZH,
  legal_aid: '法律援助中心',
  civil_affairs: '民政',
  wcw: '妇儿工委',
  committee: '居（村）民委员会',
};
const PROGRAMME_ZH: Record<string, string> = {
  legal_education: '法治教育',
  psychological_counselling: '心理辅导',
  behaviour_correction: '行为矫治',
};
const programmeZh = (p: string) => PROGRAMME_ZH[p] ?? p;
const RULE_ZH = new Map(CLOCK_RULES.map((r) => [r.id as string, r.label.zh]));

/** Instants as the district reads them: Beijing time. */
const day = (iso: string) => beijingMinute(new Date(iso));
/** `police:xinqi` → 新碶街道公安派出所, `court:beilun` → 北仑区法院; an unknown code is shown as it is. */
export function deptZh(dept: string | null | undefined): string {
  if (!dept) return '—';
  const [kind = '', unit = ''] = dept.split(':');
  const k = KIND_ZH[kind];
  const u = (STREETS as Record<string, string>)[unit] ?? UNIT_ZH[unit];
  return k && u ? `${u}${k}` : dept;
}
const ruleZh = (id: string) => RULE_ZH.get(id) ?? id;
const PARTY_ZH: Record<string, string> = {
  abuser: '加害人',
  victim: '受害人',
  applicant: '申请人',
  respondent: '被申请人',
  police: '公安派出所',
  committee: '居（村）民委员会',
};

type Describers = { [T in EventType]?: (e: EventOf<T>) => string };

/** One-line, de-identified descriptions (zh-CN) of the steps that need their data to be clear. */
const DETAILED: Describers = {
  'intake.case.opened.v1': (e) =>
    `立案 ${e.data.caseNumber}（风险：${RISK_ZH[e.data.riskLevel] ?? e.data.riskLevel}${e.data.repeat ? '，重复求助' : ''}）`,
  'intake.referral.requested.v1': (e) =>
    `申请转介至${TARGET_ZH[e.data.target] ?? e.data.target}（依据：${BASIS_ZH[e.data.consentBasis] ?? e.data.consentBasis}）`,
  'dv.referral.created.v1': (e) =>
    `已转介${DEPT_ZH[e.data.department] ?? e.data.department}（${deptZh(e.data.assignedDept)}），须于 ${day(e.data.acceptBy)} 前受理`,
  'dv.protection_order.accepted.v1': (e) =>
    `法院受理保护令申请${e.data.urgent ? '（紧急）' : ''}，须于 ${day(e.data.ruleBy)} 前裁定`,
  'dv.protection_order.issued.v1': (e) => `签发人身安全保护令，有效期至 ${day(e.data.validUntil)}`,
  'dv.committee_visit.scheduled.v1': (e) =>
    `告诫书已通知${deptZh(e.data.assignedDept)}，安排其查访，应于 ${day(e.data.dueAt)} 前完成`,
  'dv.perpetrator_programme.referred.v1': (e) => `转介加害人参加${programmeZh(e.data.programme)}`,
  'dv.perpetrator_programme.concluded.v1': (e) =>
    `加害人${programmeZh(e.data.programme)}${e.data.outcome === 'completed' ? '已完成' : '未完成'}`,
  'dv.followup.due.v1': (e) => `安排结案后第 ${e.data.offsetDays} 天回访，应于 ${day(e.data.dueAt)} 前完成`,
  'dv.warning_letter.delivered.v1': (e) => `告诫书已送达${PARTY_ZH[e.data.recipient] ?? e.data.recipient}`,
  'dv.protection_order.served.v1': (e) =>
    `保护令已送达${PARTY_ZH[e.data.party] ?? e.data.party}${e.data.fullyServed ? '（全部送达）' : ''}`,
  'legal_aid.application.received.v1': (e) => `法律援助机构收到申请，须于 ${day(e.data.decideBy)} 前作出决定`,
  'oversight.sla.warning.v1': (e) =>
    `时限预警：${ruleZh(e.data.ruleId)}（${deptZh(e.data.dept)}）将于 ${day(e.data.deadline)} 到期`,
  'oversight.sla.breached.v1': (e) =>
    `已超时：${ruleZh(e.data.ruleId)}（${deptZh(e.data.dept)}），时限 ${day(e.data.deadline)}`,
};

/** Plain labels for the other steps. */
const LABELS: Record<string, string> = {
  'intake.case.updated.v1': '更新案件信息',
  'intake.case.closed.v1': '案件结案',
  'intake.case.reopened.v1': '案件重新开启',
  'intake.case.linked.v1': '关联重复案件',
  'intake.risk.assessed.v1': '风险评估',
  'intake.consent.recorded.v1': '记录当事人同意',
  'intake.consent.overridden.v1': '依法未经同意转介（已记录理由）',
  'intake.mandatory_report.received.v1': '收到强制报告',
  'intake.note.added.v1': '添加工作记录',
  'dv.referral.accepted.v1': '接收部门已受理转介',
  'dv.referral.assigned.v1': '转介已分派给经办人员',
  'dv.protection_order.assigned.v1': '保护令申请已分派给经办人员',
  'legal_aid.application.assigned.v1': '法律援助申请已分派给经办人员',
  'elder_care.client.assigned.v1': '养老服务对象已分派给经办人员',
  'dv.referral.started.v1': '接收部门开始办理',
  'dv.referral.completed.v1': '转介事项办结',
  'dv.referral.declined.v1': '接收部门拒绝转介，须重新转介',
  'dv.referral.withdrawn.v1': '撤回转介',
  'dv.callout.recorded.v1': '公安出警记录',
  'dv.warning_letter.issued.v1': '公安机关出具告诫书',
  'dv.police_visit.scheduled.v1': '安排公安查访',
  'dv.police_visit.recorded.v1': '公安查访已完成',
  'dv.committee_visit.recorded.v1': '居（村）民委员会查访已完成',
  'dv.protection_order.applied.v1': '申请人身安全保护令',
  'dv.protection_order.rejected.v1': '驳回保护令申请',
  'dv.protection_order.reconsideration_requested.v1': '申请复议',
  'dv.protection_order.reconsideration_decided.v1': '法院作出复议决定',
  'dv.protection_order.expired.v1': '保护令有效期届满',
  'dv.protection_order.extended.v1': '保护令延长',
  'dv.protection_order.changed.v1': '保护令变更',
  'dv.protection_order.revoked.v1': '保护令撤销',
  'dv.protection_order.expiring.v1': '保护令即将到期',
  'dv.shelter.placed.v1': '临时庇护安置',
  'dv.shelter.checked_in.v1': '入住庇护场所',
  'dv.shelter.checked_out.v1': '离开庇护场所',
  'dv.injury_assessment.requested.v1': '申请伤情鉴定',
  'dv.injury_assessment.completed.v1': '伤情鉴定完成',
  'dv.counselling.session_recorded.v1': '心理咨询记录',
  'dv.case.closed.v1': '反家暴联动部分结案',
  'dv.case.reopened.v1': '出现新情况，重新开启',
  'dv.followup.recorded.v1': '跟踪回访已完成',
  'legal_aid.means_test.recorded.v1': '经济困难审查',
  'legal_aid.application.materials_requested.v1': '一次性告知补充材料（决定时限暂停）',
  'legal_aid.application.materials_received.v1': '补充材料已收到（决定时限恢复）',
  'legal_aid.application.deemed_withdrawn.v1': '逾期未补充材料，视为撤回申请',
  'legal_aid.urgent_aid.started.v1': '先行提供法律援助',
  'legal_aid.application.approved.v1': '决定给予法律援助',
  'legal_aid.application.refused.v1': '决定不予法律援助',
  'legal_aid.objection.filed.v1': '向司法行政部门提出异议',
  'legal_aid.objection.reviewed.v1': '司法行政部门异议审查完成',
  'legal_aid.lawyer.assigned.v1': '指派律师',
  'legal_aid.matter.progress_noted.v1': '援助事项进展',
  'legal_aid.matter.closed.v1': '援助事项结案',
  'legal_aid.matter.terminated.v1': '决定终止法律援助',
  'elder_care.client.referred.v1': '养老服务接收转介',
  'elder_care.assessment.completed.v1': '老年人能力评估完成',
  'elder_care.respite.booked.v1': '预约喘息服务',
  'elder_care.respite.cancelled.v1': '取消喘息服务',
  'elder_care.home_visit.scheduled.v1': '安排居家上门服务',
  'elder_care.home_visit.missed.v1': '居家上门服务未完成',
  'elder_care.service.delivered.v1': '养老服务已提供',
  'elder_care.family_bed.set_up.v1': '设立家庭养老床位',
  'elder_care.placement.waitlisted.v1': '机构养老轮候',
  'elder_care.placement.made.v1': '机构养老安置',
  'elder_care.placement.ended.v1': '结束机构养老安置',
  'elder_care.safeguarding.raised.v1': '发现疑似虐待或疏于照料，移交反家暴联动',
};

export function describe(e: LinkageEvent): string {
  const d = DETAILED[e.type] as ((e: LinkageEvent) => string) | undefined;
  return d ? d(e) : (LABELS[e.type] ?? e.type);
}

export const describedTypes = (): string[] => [...Object.keys(DETAILED), ...Object.keys(LABELS)];
