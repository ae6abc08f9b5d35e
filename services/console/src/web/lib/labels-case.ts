/** Labels for what intake's case page reports (age band, each department's part and its status). */
export const CASE_LABELS: Record<string, Record<string, readonly [string, string]>> = {
  ageBand: {
    minor: ['未成年人', 'Minor'],
    adult: ['成年人', 'Adult'],
    elderly: ['老年人', 'Elderly'],
    unknown: ['未知', 'Unknown'],
  },
  /** The kind of work a status row is about, from its ref `<service>.<entity>:<id>`. */
  statusPart: {
    'dv.referral': ['反家暴转介', 'DV referral'],
    'dv.protection_order': ['人身安全保护令', 'Protection order'],
    'dv.case': ['反家暴联动', 'DV case'],
    legal_aid: ['法律援助', 'Legal aid'],
    elder_care: ['养老服务', 'Elder care'],
    dv: ['反家暴联动', 'DV referral'],
  },
  /** The statuses intake's status summary reports (services/intake/src/domain/summary/projections.ts). */
  partStatus: {
    requested: ['待接收', 'Awaiting acceptance'],
    accepted: ['已受理', 'Accepted'],
    in_progress: ['办理中', 'In progress'],
    completed: ['已办结', 'Completed'],
    declined: ['已拒绝', 'Declined'],
    withdrawn: ['已撤回', 'Withdrawn'],
    issued: ['已签发', 'Issued'],
    rejected: ['已驳回', 'Rejected'],
    closed: ['已结案', 'Closed'],
    reopened: ['已重新开启', 'Reopened'],
    reopened_rescreen_required: ['已重新开启（须重新评估风险）', 'Reopened (re-screen required)'],
    received: ['已受理', 'Received'],
    approved: ['已批准援助', 'Approved'],
    refused: ['不予援助', 'Refused'],
    lawyer_assigned: ['已指派律师', 'Lawyer assigned'],
    referred: ['待评估', 'To assess'],
    assessed: ['已评估', 'Assessed'],
    placed: ['已安置', 'Placed'],
  },
};

/** A status row's part: `dv.protection_order:<id>` → dv.protection_order; else its service. */
export const statusPartOf = (ref: string, service: string): string => {
  const entity = ref.split(':')[0] ?? '';
  return CASE_LABELS.statusPart?.[entity] ? entity : service;
};
