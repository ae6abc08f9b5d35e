import type { LabelGroups } from './types.ts';

/** Domestic-violence referrals: departments, referral and protection-order lifecycles, police and shelter work. */
export const DV_LABELS: LabelGroups = {
  dvDepartment: {
    police: ['公安', 'Police'],
    court: ['法院', 'Court'],
    shelter: ['庇护', 'Shelter'],
    health: ['医疗', 'Health'],
    counselling: ['心理咨询', 'Counselling'],
    wf: ['妇联', "Women's federation"],
  },
  referralStatus: {
    requested: ['待接收', 'Awaiting acceptance'],
    accepted: ['已接收', 'Accepted'],
    in_progress: ['办理中', 'In progress'],
    completed: ['已完成', 'Completed'],
    declined: ['已拒绝', 'Declined'],
    withdrawn: ['已撤回', 'Withdrawn'],
  },
  declineReason: {
    outside_jurisdiction: ['不属本辖区', 'Outside jurisdiction'],
    no_capacity: ['无接收能力', 'No capacity'],
    not_applicable: ['不适用', 'Not applicable'],
    victim_declined: ['当事人拒绝', 'Victim declined'],
    other: ['其他', 'Other'],
  },
  calloutOutcome: {
    violence_stopped: ['制止暴力', 'Violence stopped'],
    abuser_detained: ['施暴人被带离/拘留', 'Abuser detained'],
    warning_given: ['当场批评教育', 'Warning given'],
    no_contact: ['未能接触', 'No contact'],
    other: ['其他', 'Other'],
  },
  warningRecipient: {
    abuser: ['加害人', 'Abuser'],
    victim: ['受害人', 'Victim'],
    committee: ['居(村)委会', 'Committee'],
  },
  visitOutcome: {
    no_further_violence: ['未再发生暴力', 'No further violence'],
    violence_recurred: ['再次发生暴力', 'Violence recurred'],
    not_reached: ['未能查访', 'Not reached'],
  },
  orderStatus: {
    applied: ['已申请', 'Applied'],
    accepted: ['已受理', 'Accepted'],
    issued: ['已签发', 'Issued'],
    rejected: ['已驳回', 'Rejected'],
    expired: ['已到期', 'Expired'],
    revoked: ['已撤销', 'Revoked'],
  },
  applicant: {
    victim: ['受害人本人', 'Victim'],
    close_relative: ['近亲属', 'Close relative'],
    police: ['公安机关', 'Police'],
    women_federation: ['妇联', "Women's federation"],
    residents_committee: ['居委会', "Residents' committee"],
    village_committee: ['村委会', 'Village committee'],
    relief_agency: ['救助管理机构', 'Relief agency'],
  },
  measure: {
    ban_violence: ['禁止实施家庭暴力', 'No violence'],
    ban_harassment_stalking_contact: ['禁止骚扰、跟踪、接触', 'No harassment, stalking or contact'],
    move_out: ['责令迁出住所', 'Move out'],
    other: ['其他措施', 'Other'],
  },
  serviceParty: {
    applicant: ['申请人', 'Applicant'],
    respondent: ['被申请人', 'Respondent'],
    police: ['公安机关', 'Police'],
    committee: ['居(村)委会', 'Committee'],
  },
  rejectReason: {
    insufficient_evidence: ['证据不足', 'Insufficient evidence'],
    not_domestic_violence: ['不属于家庭暴力', 'Not domestic violence'],
    applicant_not_eligible: ['申请人不适格', 'Applicant not eligible'],
    withdrawn_by_applicant: ['申请人撤回', 'Withdrawn'],
    other: ['其他', 'Other'],
  },
  placementStatus: {
    placed: ['已安置', 'Placed'],
    checked_in: ['已入住', 'Checked in'],
    checked_out: ['已离开', 'Checked out'],
  },
  reconsiderationOutcome: {
    upheld: ['维持原裁定', 'Upheld'],
    revoked: ['撤销原裁定', 'Revoked'],
    changed: ['变更措施', 'Changed'],
  },
};
