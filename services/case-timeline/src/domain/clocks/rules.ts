/**
 * Clock rules as data: "when event X happens, expect one of events Y within duration D (or by the
 * deadline the event carries), severity S". Fields are read from the event's `data` by name, so a
 * rule is plain data that an admin could keep in a table; the engine knows no law.
 *
 * A rule whose event types no producer emits yet simply never starts a clock.
 */
export interface ClockRule {
  id: string;
  label: { zh: string; en: string };
  /** Where the deadline comes from (DESIGN.md, "The linkage workflows and their clocks"). */
  source: string;
  start: {
    type: string;
    /** Field whose value identifies the thing being timed (a referral, an application, an order). */
    key: string;
    /** Only start when data[field] equals one of these values. */
    when?: { field: string; in: readonly (string | boolean)[] };
  };
  /** Either a deadline the event carries (ISO date-time field), or a duration from the event's time. */
  deadline: { field: string } | { hours: number; urgentHours?: number; urgentField?: string };
  /** Events that meet the clock (the expected next step), matched on the same key field (and `when`, if given). */
  stop: readonly { type: string; key: string; when?: { field: string; in: readonly (string | boolean)[] } }[];
  /** Events that make the clock moot (withdrawn, revoked), matched on the same key field. */
  cancel?: readonly { type: string; key: string }[];
  /** Events that end the clock as failed (e.g. a visit recorded as missed). */
  fail?: readonly { type: string; key: string }[];
  /** Events that stop the clock from running (e.g. waiting for the applicant's materials)… */
  pause?: readonly { type: string; key: string }[];
  /** …and that start it again, with the new deadline the event carries. */
  resume?: readonly { type: string; key: string; deadlineField: string }[];
  /** Fraction of the time elapsed at which the clock is "at risk". */
  warnAt: number;
  severity: { fixed: Severity } | { field: string; map: Record<string, Severity>; otherwise: Severity };
  /** The department whose step the clock waits for (a dept code field of the start event)… */
  deptField?: string;
  /**
   * …or, when the event names none: a fixed district body (`court:beilun`), or the street's unit of a kind
   * (`civil_affairs:<street of the case>`, else `otherwise`). Every clock carries a dept (issue 14).
   */
  dept?: { fixed: string } | { streetOf: string; otherwise: string };
  /**
   * A start-event field holding the case's street (for cases with no intake summary, e.g. direct elder-care clients).
   */
  streetField?: string;
}

/** The district's bodies the clocks fall to when an event does not name the department (DESIGN.md dept codes). */
export const DISTRICT = {
  court: 'court:beilun',
  legalAid: 'legal_aid:beilun',
  justice: 'justice:beilun',
  caseOwner: 'wf:district',
} as const;

export type Severity = 'critical' | 'high' | 'normal';
export const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, high: 1, normal: 2 };

const riskSeverity = { field: 'riskLevel', map: { high: 'critical', medium: 'high' }, otherwise: 'normal' } as const;

export const CLOCK_RULES: readonly ClockRule[] = [
  {
    id: 'referral_acceptance',
    label: { zh: '部门受理转介', en: 'Department accepts or declines a referral' },
    source: 'platform rule: 24 h, 1 h for high risk',
    start: { type: 'dv.referral.created.v1', key: 'referralId' },
    deadline: { field: 'acceptBy' },
    stop: [
      { type: 'dv.referral.accepted.v1', key: 'referralId' },
      { type: 'dv.referral.declined.v1', key: 'referralId' },
    ],
    cancel: [{ type: 'dv.referral.withdrawn.v1', key: 'referralId' }],
    warnAt: 0.75,
    severity: riskSeverity,
    deptField: 'assignedDept',
  },
  {
    id: 'warning_letter_delivery',
    label: { zh: '告诫书送达', en: 'Warning letter delivered' },
    source: 'ADVL Arts. 16–17: delivered on issue',
    start: { type: 'dv.warning_letter.issued.v1', key: 'warningLetterId' },
    deadline: { field: 'deliverBy' },
    stop: [{ type: 'dv.warning_letter.delivered.v1', key: 'warningLetterId' }],
    warnAt: 0.75,
    severity: { fixed: 'high' },
    dept: { streetOf: 'police', otherwise: 'police:district' },
  },
  {
    id: 'police_visit',
    label: { zh: '公安查访', en: 'Police follow-up visit (查访)' },
    source: 'ADVL Art. 17: visits after a warning letter',
    start: { type: 'dv.police_visit.scheduled.v1', key: 'visitId' },
    // Art. 17: 居民委员会、村民委员会、公安派出所应当…进行查访 (committee visits are not recorded yet)
    deadline: { field: 'dueAt' },
    stop: [{ type: 'dv.police_visit.recorded.v1', key: 'visitId' }],
    warnAt: 0.8,
    severity: { fixed: 'normal' },
    deptField: 'assignedDept',
  },
  {
    id: 'protection_order_ruling',
    label: { zh: '法院作出人身安全保护令裁定', en: 'Court rules on a protection order' },
    source: 'ADVL Art. 28: 72 h, 24 h if urgent',
    start: { type: 'dv.protection_order.accepted.v1', key: 'orderId' },
    deadline: { field: 'ruleBy' },
    stop: [
      { type: 'dv.protection_order.issued.v1', key: 'orderId' },
      { type: 'dv.protection_order.rejected.v1', key: 'orderId' },
    ],
    warnAt: 0.75,
    severity: { fixed: 'critical' },
    deptField: 'courtDept',
  },
  {
    id: 'protection_order_expiry',
    label: { zh: '保护令到期前延长或撤销', en: 'Extend or revoke a protection order before it expires' },
    source: 'ADVL Art. 30: valid up to 6 months',
    start: { type: 'dv.protection_order.issued.v1', key: 'orderId' },
    deadline: { field: 'validUntil' },
    // Art. 30: an order that simply runs to its end is expired — the clock is met, not breached
    stop: [
      { type: 'dv.protection_order.extended.v1', key: 'orderId' },
      { type: 'dv.protection_order.revoked.v1', key: 'orderId' },
      { type: 'dv.protection_order.expired.v1', key: 'orderId' },
    ],
    warnAt: 0.9,
    severity: { fixed: 'high' },
    deptField: 'courtDept',
  },
  {
    id: 'protection_order_service',
    label: { zh: '人身安全保护令送达', en: 'Issued order served on applicant, respondent, police and committee' },
    source: 'ADVL Art. 32: served on issue (serveBy)',
    start: { type: 'dv.protection_order.issued.v1', key: 'orderId' },
    deadline: { field: 'serveBy' },
    stop: [{ type: 'dv.protection_order.served.v1', key: 'orderId', when: { field: 'fullyServed', in: [true] } }],
    cancel: [{ type: 'dv.protection_order.revoked.v1', key: 'orderId' }],
    warnAt: 0.75,
    severity: { fixed: 'critical' },
    deptField: 'courtDept',
  },
  {
    id: 'protection_order_reconsideration',
    label: { zh: '保护令复议决定', en: 'Court decides a reconsideration' },
    source: 'ADVL Art. 31 (no statutory period found; platform rule 5 days)',
    start: { type: 'dv.protection_order.reconsideration_requested.v1', key: 'orderId' },
    deadline: { field: 'decideBy' },
    stop: [{ type: 'dv.protection_order.reconsideration_decided.v1', key: 'orderId' }],
    warnAt: 0.75,
    severity: { fixed: 'high' },
    deptField: 'courtDept',
    dept: { fixed: DISTRICT.court },
  },
  {
    id: 'referral_reroute',
    label: { zh: '被退回转介的重新转介', en: 'Declined referral re-routed by the case owner' },
    source: 'platform rule: nothing falls between desks (rerouteBy)',
    start: { type: 'dv.referral.declined.v1', key: 'referralId' },
    deadline: { field: 'rerouteBy' },
    stop: [{ type: 'dv.referral.withdrawn.v1', key: 'referralId' }],
    warnAt: 0.75,
    severity: { fixed: 'high' },
    dept: { fixed: DISTRICT.caseOwner },
  },
  {
    id: 'followup_visit',
    label: { zh: '结案后跟踪回访', en: 'Follow-up visit after a DV case closes' },
    source: 'plan 二(七)4: +7, +30, +90 days',
    start: { type: 'dv.followup.due.v1', key: 'followupId' },
    deadline: { field: 'dueAt' },
    stop: [{ type: 'dv.followup.recorded.v1', key: 'followupId' }],
    warnAt: 0.9,
    severity: { fixed: 'normal' },
    dept: { fixed: DISTRICT.caseOwner },
  },
  {
    id: 'legal_aid_decision',
    label: { zh: '法律援助机构作出是否给予援助的决定', en: 'Legal aid decision' },
    source: 'Legal Aid Law Art. 43: 7 days (paused while materials are awaited)',
    start: { type: 'legal_aid.application.received.v1', key: 'applicationId' },
    deadline: { field: 'decideBy' },
    stop: [
      { type: 'legal_aid.application.approved.v1', key: 'applicationId' },
      { type: 'legal_aid.application.refused.v1', key: 'applicationId' },
    ],
    cancel: [{ type: 'legal_aid.application.deemed_withdrawn.v1', key: 'applicationId' }],
    pause: [{ type: 'legal_aid.application.materials_requested.v1', key: 'applicationId' }],
    resume: [{ type: 'legal_aid.application.materials_received.v1', key: 'applicationId', deadlineField: 'decideBy' }],
    warnAt: 0.75,
    severity: { fixed: 'high' },
    dept: { fixed: DISTRICT.legalAid },
    streetField: 'street',
  },
  {
    id: 'legal_aid_materials',
    label: { zh: '补充材料期限（逾期视为撤回）', en: 'Materials supplied, or the application deemed withdrawn' },
    source: 'Legal Aid Law Art. 43; 办理法律援助案件程序规定 Art. 13 (period set by the centre: supplyBy)',
    start: { type: 'legal_aid.application.materials_requested.v1', key: 'applicationId' },
    deadline: { field: 'supplyBy' },
    stop: [
      { type: 'legal_aid.application.materials_received.v1', key: 'applicationId' },
      { type: 'legal_aid.application.deemed_withdrawn.v1', key: 'applicationId' },
    ],
    warnAt: 0.75,
    severity: { fixed: 'normal' },
    dept: { fixed: DISTRICT.legalAid },
  },
  {
    id: 'legal_aid_assignment',
    label: { zh: '批准后指派律师', en: 'Lawyer assigned after approval' },
    source: 'Legal Aid Law Art. 43: 3 days',
    start: { type: 'legal_aid.application.approved.v1', key: 'applicationId' },
    deadline: { field: 'assignBy' },
    stop: [{ type: 'legal_aid.lawyer.assigned.v1', key: 'applicationId' }],
    cancel: [{ type: 'legal_aid.matter.terminated.v1', key: 'applicationId' }],
    warnAt: 0.75,
    severity: { fixed: 'high' },
    dept: { fixed: DISTRICT.legalAid },
    streetField: 'street',
  },
  {
    id: 'legal_aid_objection_review',
    label: {
      zh: '司法行政部门对不予援助、终止援助决定的异议审查',
      en: 'Objection to a refusal or termination reviewed by the justice bureau',
    },
    source: 'Legal Aid Law Art. 49: 5 days, by the justice bureau',
    start: { type: 'legal_aid.objection.filed.v1', key: 'applicationId' },
    deadline: { field: 'reviewBy' },
    stop: [{ type: 'legal_aid.objection.reviewed.v1', key: 'applicationId' }],
    warnAt: 0.75,
    severity: { fixed: 'high' },
    deptField: 'reviewerDept',
    dept: { fixed: DISTRICT.justice },
  },
  {
    id: 'elder_care_assessment',
    label: { zh: '老年人能力评估', en: 'Elderly capability assessment after referral' },
    source: 'platform rule: assessed within 10 days of referral',
    start: { type: 'elder_care.client.referred.v1', key: 'clientId' },
    deadline: { field: 'assessBy' },
    stop: [{ type: 'elder_care.assessment.completed.v1', key: 'clientId' }],
    warnAt: 0.75,
    severity: { fixed: 'normal' },
    dept: { streetOf: 'civil_affairs', otherwise: 'civil_affairs:district' },
    streetField: 'street',
  },
  {
    id: 'elder_care_reassessment',
    label: { zh: '老年人能力复评', en: 'Capability reassessment when due' },
    source: 'GB/T 42195-2022 (reassessment); platform rule: reassessBy',
    start: { type: 'elder_care.assessment.completed.v1', key: 'assessmentId' },
    deadline: { field: 'reassessBy' },
    stop: [{ type: 'elder_care.assessment.completed.v1', key: 'previousAssessmentId' }],
    warnAt: 0.9,
    severity: { fixed: 'normal' },
    dept: { streetOf: 'civil_affairs', otherwise: 'civil_affairs:district' },
  },
  {
    id: 'elder_home_visit',
    label: { zh: '居家上门服务', en: 'Home care visit delivered when due' },
    source: 'service plan',
    start: { type: 'elder_care.home_visit.scheduled.v1', key: 'visitId' },
    deadline: { field: 'dueAt' },
    stop: [{ type: 'elder_care.service.delivered.v1', key: 'serviceId' }],
    fail: [{ type: 'elder_care.home_visit.missed.v1', key: 'visitId' }],
    warnAt: 0.9,
    severity: { fixed: 'normal' },
    dept: { streetOf: 'civil_affairs', otherwise: 'civil_affairs:district' },
    streetField: 'street',
  },
];
