import type { LabelGroups } from './types.ts';

/** Legal aid applications: status, matter, means test, refusal and closure. */
export const LEGAL_AID_LABELS: LabelGroups = {
  laStatus: {
    received: ['已受理', 'Received'],
    materials_requested: ['待补材料', 'Materials requested'],
    approved: ['已批准', 'Approved'],
    refused: ['不予援助', 'Refused'],
    objection_pending: ['异议审查中', 'Objection pending'],
    assigned: ['已指派律师', 'Lawyer assigned'],
    closed: ['已结案', 'Closed'],
  },
  matterType: {
    divorce: ['离婚', 'Divorce'],
    maintenance: ['赡养/抚养/扶养费', 'Maintenance'],
    property_division: ['财产分割', 'Property division'],
    dv_protection_order: ['人身安全保护令', 'Protection order'],
    employment_discrimination: ['就业歧视', 'Employment discrimination'],
    personal_injury: ['人身损害', 'Personal injury'],
    criminal_victim: ['刑事被害人', 'Criminal victim'],
    other: ['其他', 'Other'],
  },
  urgency: { normal: ['一般', 'Normal'], urgent: ['紧急', 'Urgent'] },
  meansOutcome: {
    exempt: ['免予审查', 'Exempt'],
    waived: ['免予核查', 'Waived'],
    eligible: ['符合', 'Eligible'],
    ineligible: ['不符合', 'Ineligible'],
  },
  meansBasis: {
    dv_abuse_abandonment_victim: ['家暴/虐待/遗弃受害人（第32条）', 'DV/abuse/abandonment victim (Art. 32)'],
    elderly_without_fixed_income: ['无固定生活来源的老年人（第42条）', 'Elderly without income (Art. 42)'],
    social_assistance_recipient: ['社会救助对象（第42条）', 'Social assistance recipient (Art. 42)'],
    hardship_personal_pledge: ['个人诚信承诺（第41条）', 'Personal pledge (Art. 41)'],
    hardship_verified_data: ['信息共享核查（第41条）', 'Verified data (Art. 41)'],
  },
  refusalGround: {
    means_not_met: ['经济困难条件不符', 'Means not met'],
    matter_not_covered: ['不属援助事项', 'Matter not covered'],
    materials_not_supplied: ['未补充材料', 'Materials not supplied'],
    no_legal_basis: ['无法律依据', 'No legal basis'],
    other: ['其他', 'Other'],
  },
  closureOutcome: {
    won: ['胜诉', 'Won'],
    settled: ['调解/和解', 'Settled'],
    lost: ['败诉', 'Lost'],
    withdrawn: ['撤诉', 'Withdrawn'],
    terminated: ['终止援助', 'Terminated'],
  },
};
