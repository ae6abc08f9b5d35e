import { INDICATOR_11 } from '@linkage/contracts';

/**
 * The plan's indicators, each with its definition next to the code that computes it. Every figure
 * is computed from the events in the case timeline (de-identified), for a period [from, to) of the
 * event's time and, optionally, one street (the street of the case, from intake).
 */
export type Measure =
  | { kind: 'count_events'; types: readonly string[]; where?: Record<string, string | boolean> }
  | {
      kind: 'distinct_cases';
      types: readonly string[];
      where?: Record<string, string | boolean>;
      caseCategory?: string;
    }
  | { kind: 'sum_field'; types: readonly string[]; field: string; where?: Record<string, string | boolean> }
  | { kind: 'clock_hours'; ruleId: string; stat: 'median' | 'p90' }
  /** Clocks of a rule due in the period and met on time. */
  | { kind: 'clock_met'; ruleId: string }
  /** numerator / denominator, both distinct cases (null when the denominator is 0). */
  | {
      kind: 'ratio';
      num: Extract<Measure, { kind: 'distinct_cases' }>;
      den: Extract<Measure, { kind: 'distinct_cases' }>;
    };

export interface Indicator {
  id: string;
  zh: string;
  en: string;
  definition: string;
  measure: Measure;
}

export const INDICATORS: readonly Indicator[] = [
  {
    id: 'dv_cases_opened',
    zh: '家庭暴力案件受理数',
    en: 'Domestic-violence cases opened',
    definition: 'Cases opened at intake (intake.case.opened.v1) with category domestic_violence.',
    measure: { kind: 'count_events', types: ['intake.case.opened.v1'], where: { category: 'domestic_violence' } },
  },
  {
    id: 'repeat_cases',
    zh: '重复求助案件数',
    en: 'Repeat cases',
    definition:
      'Cases opened at intake flagged as repeat: a new incident within 12 months of an earlier case of the same victim.',
    measure: { kind: 'count_events', types: ['intake.case.opened.v1'], where: { repeat: true } },
  },
  {
    id: 'warning_letters_issued',
    zh: '公安机关出具告诫书数',
    en: 'Police warning letters issued',
    definition: 'Warning letters (告诫书, ADVL Art. 16) issued by police stations (dv.warning_letter.issued.v1).',
    measure: { kind: 'count_events', types: ['dv.warning_letter.issued.v1'] },
  },
  {
    id: 'protection_orders_applied',
    zh: '人身安全保护令申请数',
    en: 'Protection orders applied for',
    definition: 'Applications for a personal-safety protection order (dv.protection_order.applied.v1).',
    measure: { kind: 'count_events', types: ['dv.protection_order.applied.v1'] },
  },
  {
    id: 'protection_orders_issued',
    zh: '人身安全保护令签发数',
    en: 'Protection orders issued',
    definition: 'Protection orders issued by the court (dv.protection_order.issued.v1).',
    measure: { kind: 'count_events', types: ['dv.protection_order.issued.v1'] },
  },
  {
    id: 'protection_orders_rejected',
    zh: '人身安全保护令驳回数',
    en: 'Protection orders rejected',
    definition: 'Protection-order applications rejected by the court (dv.protection_order.rejected.v1).',
    measure: { kind: 'count_events', types: ['dv.protection_order.rejected.v1'] },
  },
  {
    id: 'protection_order_ruling_hours_median',
    zh: '保护令裁定用时（中位数，小时）',
    en: 'Time to rule on a protection order (median hours)',
    definition:
      'Median hours from the court accepting an application to its ruling (issued or rejected), over rulings made in the period.',
    measure: { kind: 'clock_hours', ruleId: 'protection_order_ruling', stat: 'median' },
  },
  {
    id: 'shelter_placements',
    zh: '临时庇护安置人次',
    en: 'Shelter placements',
    definition: 'Placements into a temporary shelter (dv.shelter.placed.v1).',
    measure: { kind: 'count_events', types: ['dv.shelter.placed.v1'] },
  },
  {
    // one definition (contracts INDICATOR_11), the same the legal aid service counts with
    id: INDICATOR_11.id,
    zh: INDICATOR_11.zh,
    en: INDICATOR_11.en,
    definition: INDICATOR_11.definition,
    measure: {
      kind: 'distinct_cases',
      types: INDICATOR_11.grantEvents,
      where: { [INDICATOR_11.sexField]: INDICATOR_11.sex },
    },
  },
  // The plan's legal-protection chapter: what it asks to be monitored and the services already know.
  {
    id: 'mandatory_reports_received',
    zh: '强制报告受理数',
    en: 'Mandatory reports received',
    definition: 'Mandatory reports (强制报告, ADVL Art. 14) received at intake (intake.mandatory_report.received.v1).',
    measure: { kind: 'count_events', types: ['intake.mandatory_report.received.v1'] },
  },
  {
    id: 'dv_police_callouts',
    zh: '家暴警情（出警）数',
    en: 'DV police call-outs',
    definition: 'Police call-outs to domestic violence recorded (dv.callout.recorded.v1, ADVL Art. 15).',
    measure: { kind: 'count_events', types: ['dv.callout.recorded.v1'] },
  },
  {
    id: 'injury_assessments',
    zh: '伤情鉴定完成数',
    en: 'Injury assessments completed',
    definition: 'Forensic injury assessments completed (dv.injury_assessment.completed.v1, ADVL Art. 20).',
    measure: { kind: 'count_events', types: ['dv.injury_assessment.completed.v1'] },
  },
  {
    id: 'counselling_sessions',
    zh: '心理咨询次数',
    en: 'Counselling sessions',
    definition: 'Counselling sessions held with victims (dv.counselling.session_recorded.v1).',
    measure: { kind: 'count_events', types: ['dv.counselling.session_recorded.v1'] },
  },
  {
    id: 'followups_on_time',
    zh: '按时完成的跟踪回访数',
    en: 'Follow-up visits done on time',
    definition:
      'Follow-up visits (跟踪回访, plan 二(七)4) due in the period and recorded by their due date (followup_visit clocks met).',
    measure: { kind: 'clock_met', ruleId: 'followup_visit' },
  },
  {
    id: 'legal_aid_rate_dv_victims',
    zh: '家暴受害人法律援助率（应援尽援）',
    en: 'Legal aid rate for DV victims who asked',
    definition:
      'Of the domestic-violence cases referred to legal aid in the period (intake.referral.requested.v1, target legal_aid, category domestic_violence), the share that received legal aid (approved or urgent aid) — by case, in the period.',
    measure: {
      kind: 'ratio',
      num: { kind: 'distinct_cases', types: INDICATOR_11.grantEvents, caseCategory: 'domestic_violence' },
      den: {
        kind: 'distinct_cases',
        types: ['intake.referral.requested.v1'],
        where: { target: 'legal_aid', category: 'domestic_violence' },
      },
    },
  },
  // plan 二(七)4: 加强对施暴者的法治教育、心理辅导和行为矫治
  {
    id: 'perpetrator_programme_referrals',
    zh: '施暴者教育矫治转介数',
    en: 'Abusers referred to education or correction',
    definition:
      'Referrals of an abuser to a legal-education, counselling or behaviour-correction programme (plan 二(七)4), made in the period (dv.perpetrator_programme.referred.v1).',
    measure: { kind: 'count_events', types: ['dv.perpetrator_programme.referred.v1'] },
  },
  {
    id: 'perpetrator_programme_completions',
    zh: '施暴者教育矫治完成数',
    en: 'Abuser education or correction programmes completed',
    definition:
      'Perpetrator programmes (plan 二(七)4) concluded in the period with the abuser having completed them (dv.perpetrator_programme.concluded.v1, outcome completed).',
    measure: {
      kind: 'count_events',
      types: ['dv.perpetrator_programme.concluded.v1'],
      where: { outcome: 'completed' },
    },
  },
  {
    id: 'respite_days_delivered',
    zh: '喘息服务天数',
    en: 'Respite days delivered',
    definition:
      'Days of respite care (喘息服务) delivered to families caring for elderly people (elder_care.service.delivered.v1, kind respite, its days).',
    measure: {
      kind: 'sum_field',
      types: ['elder_care.service.delivered.v1'],
      field: 'days',
      where: { kind: 'respite' },
    },
  },
  {
    id: 'home_visits_delivered',
    zh: '居家上门服务次数',
    en: 'Home-care visits delivered',
    definition: 'Home-care visits delivered to elderly people (elder_care.service.delivered.v1, kind home_visit).',
    measure: { kind: 'count_events', types: ['elder_care.service.delivered.v1'], where: { kind: 'home_visit' } },
  },
  {
    id: 'elder_care_placements',
    zh: '机构养老安置数',
    en: 'Elder-care institution placements',
    definition: 'Placements of elderly people into a care institution (elder_care.placement.made.v1).',
    measure: { kind: 'count_events', types: ['elder_care.placement.made.v1'] },
  },
];
