/**
 * The plan's indicators, each with its definition next to the code that computes it. Every figure
 * is computed from the events in the case timeline (de-identified), for a period [from, to) of the
 * event's time and, optionally, one street (the street of the case, from intake).
 */
export type Measure =
  | { kind: 'count_events'; types: readonly string[]; where?: Record<string, string | boolean> }
  | { kind: 'distinct_cases'; types: readonly string[]; where?: Record<string, string | boolean> }
  | { kind: 'sum_field'; types: readonly string[]; field: string; where?: Record<string, string | boolean> }
  | { kind: 'clock_hours'; ruleId: string; stat: 'median' | 'p90' };

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
    definition: 'Cases opened at intake flagged as repeat: a new incident within 12 months of an earlier case of the same victim.',
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
    definition: 'Median hours from the court accepting an application to its ruling (issued or rejected), over rulings made in the period.',
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
    id: 'women_granted_legal_aid',
    zh: '获得法律援助的女性人数（规划指标11）',
    en: 'Women granted legal aid (plan indicator 11)',
    definition:
      'Distinct cases whose legal aid application was approved in the period (legal_aid.application.approved.v1). Cases are women victims opened at intake, so each case counts one woman.',
    measure: { kind: 'distinct_cases', types: ['legal_aid.application.approved.v1'] },
  },
  {
    id: 'respite_days_delivered',
    zh: '喘息服务天数',
    en: 'Respite days delivered',
    definition: 'Days of respite care (喘息服务) delivered to families caring for elderly people (elder_care.service.delivered.v1, kind respite, its days).',
    measure: { kind: 'sum_field', types: ['elder_care.service.delivered.v1'], field: 'days', where: { kind: 'respite' } },
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
