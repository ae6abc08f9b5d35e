import {
  CASE_CATEGORIES,
  CHANNELS,
  CLOSE_REASONS,
  CONSENT_DEPARTMENTS,
  NEEDS,
  REFERRAL_TARGETS,
  REOPEN_REASONS,
  RISK_LEVELS,
  STREETS,
  CONSENT_BASES,
} from '@linkage/contracts';
import {
  CALLER_RELATIONS,
  CAPACITY_GROUNDS,
  MANDATORY_REPORTER_KINDS,
  PERPETRATOR_RELATIONS,
  SEXES,
  VIOLENCE_TYPES,
} from '../case/schemas.ts';
import { DASH_V1 } from '../risk/checklist.ts';

type Labels<T extends string> = Record<T, string>;
const check = <T extends string>(codes: readonly T[], l: Labels<T>): Labels<T> => {
  for (const c of codes) if (!l[c]) throw new Error(`missing zh-CN label for ${c}`);
  return l;
};

/** zh-CN display labels for every enum the intake API accepts or returns. */
export const ZH_LABELS = {
  channel: check(CHANNELS, {
    hotline_12338: '12338 热线',
    walk_in: '来访',
    police_110: '110 转介',
    online: '网络求助',
    mandatory_report: '强制报告',
  }),
  category: check(CASE_CATEGORIES, {
    domestic_violence: '家庭暴力',
    elder_abuse: '老年人受虐待',
    marriage_family_dispute: '婚姻家庭纠纷',
    rights_infringement: '权益侵害',
    other: '其他',
  }),
  need: check(NEEDS, {
    dv_protection: '反家暴保护',
    legal_aid: '法律援助',
    elder_care: '养老服务',
    mediation: '婚姻家庭纠纷调解',
    psychological_support: '心理支持',
  }),
  riskLevel: check(RISK_LEVELS, { standard: '一般', medium: '中', high: '高' }),
  street: STREETS,
  sex: check(SEXES, { female: '女', male: '男', unknown: '未知' }),
  callerRelation: check(CALLER_RELATIONS, {
    self: '本人',
    family: '家属',
    neighbour: '邻居',
    friend: '朋友',
    colleague: '同事',
    institution: '机构',
    other: '其他',
  }),
  perpetratorRelation: check(PERPETRATOR_RELATIONS, {
    spouse: '配偶',
    former_spouse: '前配偶',
    partner: '同居伴侣',
    former_partner: '前伴侣',
    parent: '父母',
    child: '子女',
    sibling: '兄弟姐妹',
    other_family: '其他家庭成员',
    carer: '照护人',
    other: '其他',
  }),
  violenceType: check(VIOLENCE_TYPES, {
    physical: '身体暴力',
    psychological: '精神暴力',
    sexual: '性暴力',
    economic: '经济控制',
    neglect: '遗弃/疏于照料',
    stalking_harassment: '跟踪骚扰',
    threats: '威胁恐吓',
    confinement: '限制人身自由',
  }),
  protectionFlag: {
    minor: '未成年人',
    elderly: '老年人',
    disabled: '残疾人',
    pregnantOrBreastfeeding: '孕期/哺乳期妇女',
    seriouslyIll: '重病患者',
  },
  consentDepartment: check(CONSENT_DEPARTMENTS, {
    police: '公安',
    court: '法院',
    legal_aid: '法律援助中心',
    shelter: '庇护场所',
    health: '医疗机构',
    elder_care: '养老服务',
  }),
  consentBasis: check(CONSENT_BASES, {
    consent: '本人同意',
    mandatory_report: '强制报告',
    high_risk_exception: '高风险例外',
    override: '经授权越过同意',
  }),
  referralTarget: check(REFERRAL_TARGETS, { dv: '反家暴联动', legal_aid: '法律援助', elder_care: '养老服务' }),
  status: { open: '办理中', closed: '已结案' },
  closeReason: check(CLOSE_REASONS, {
    resolved: '问题已解决',
    referred_out: '已转介办理',
    victim_withdrew: '当事人撤回',
    unreachable: '无法联系',
    duplicate: '重复案件',
    no_further_action: '无需进一步处理',
    other: '其他',
  }),
  reopenReason: check(REOPEN_REASONS, {
    new_incident: '再次发生',
    victim_request: '当事人要求',
    referral_feedback: '转介单位反馈',
    closed_in_error: '误结案',
    other: '其他',
  }),
  reporterKind: check(MANDATORY_REPORTER_KINDS, {
    school: '学校',
    kindergarten: '幼儿园',
    hospital: '医疗机构',
    residents_committee: '居民委员会',
    village_committee: '村民委员会',
    social_work_agency: '社会工作服务机构',
    relief_management_institution: '救助管理机构',
    welfare_institution: '福利机构',
    other: '其他',
  }),
  capacity: check(CAPACITY_GROUNDS, {
    minor: '未成年人',
    adult_no_capacity: '无民事行为能力的成年人（不能辨认自己的行为）',
    adult_limited_capacity: '限制民事行为能力的成年人（不能完全辨认自己的行为）',
  }),
  checklistItem: Object.fromEntries(DASH_V1.items.map((i) => [i.id, i.zh])) as Record<string, string>,
  checklistVersion: DASH_V1.version,
};
