/**
 * The statutory clocks' names (case-timeline's clock rules, services/case-timeline/src/domain/clocks/rules.ts),
 * zh-CN first and English second. The console shows these instead of rule ids; the id stays in a tooltip.
 * test/labels-clocks.unit.test.ts checks this table against the rules in force.
 */
export const CLOCK_RULE_LABELS: Record<string, readonly [string, string]> = {
  referral_acceptance: ['部门受理转介', 'Department accepts or declines a referral'],
  warning_letter_delivery: ['告诫书送达', 'Warning letter delivered'],
  police_visit: ['公安查访', 'Police follow-up visit (查访)'],
  committee_visit: ['居（村）民委员会查访', "Residents'/village committee visit after a warning letter (查访)"],
  protection_order_ruling: ['法院作出人身安全保护令裁定', 'Court rules on a protection order'],
  protection_order_expiry: ['保护令到期前延长或撤销', 'Extend or revoke a protection order before it expires'],
  protection_order_service: [
    '人身安全保护令送达',
    'Issued order served on applicant, respondent, police and committee',
  ],
  protection_order_reconsideration: ['保护令复议决定', 'Court decides a reconsideration'],
  referral_reroute: ['被退回转介的重新转介', 'Declined referral re-routed by the case owner'],
  followup_visit: ['结案后跟踪回访', 'Follow-up visit after a DV case closes'],
  legal_aid_decision: ['法律援助机构作出是否给予援助的决定', 'Legal aid decision'],
  legal_aid_materials: ['补充材料期限（逾期视为撤回）', 'Materials supplied, or the application deemed withdrawn'],
  legal_aid_assignment: ['批准后指派律师', 'Lawyer assigned after approval'],
  legal_aid_objection_review: [
    '司法行政部门对不予援助、终止援助决定的异议审查',
    'Objection to a refusal or termination reviewed by the justice bureau',
  ],
  elder_care_assessment: ['老年人能力评估', 'Elderly capability assessment after referral'],
  elder_care_reassessment: ['老年人能力复评', 'Capability reassessment when due'],
  elder_home_visit: ['居家上门服务', 'Home care visit delivered when due'],
};

/**
 * A clock rule's name; an id the console does not know yet shows the server's (zh) label if it sent one,
 * else the id itself.
 */
export function clockRuleLabel(ruleId: string, lang: 'zh' | 'en', serverLabel?: string): string {
  const l = CLOCK_RULE_LABELS[ruleId];
  if (l) return l[lang === 'zh' ? 0 : 1];
  return serverLabel ?? ruleId;
}

/** Where a case stands (case-timeline's STAGE_LABELS, services/case-timeline/src/domain/summary/stages.ts). */
export const STAGE_LABELS: Record<string, readonly [string, string]> = {
  intake: ['受理登记', 'Intake'],
  referred: ['已申请转介', 'Referred'],
  in_service: ['部门办理中', 'With departments'],
  closed: ['已结案', 'Closed'],
};
