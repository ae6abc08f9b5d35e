import { deptLabel, label, type Lang } from './labels.ts';

type Labels = Record<string, readonly [string, string]>;
const pick = (l: readonly [string, string], lang: Lang) => l[lang === 'zh' ? 0 : 1];

/** Roles labels.ts does not name: the services' own actor and the justice bureau (LAL Art. 49). */
export const MORE_ROLES: Labels = {
  system: ['系统自动处理', 'System'],
  justice_bureau_officer: ['司法行政部门工作人员', 'Justice bureau officer'],
};

/** Department kinds labels.ts does not name (the justice bureau, and the reporting units of ADVL Art. 14). */
const MORE_DEPT_KINDS: Labels = {
  justice: ['司法局', 'Justice bureau'],
  kindergarten: ['幼儿园', 'Kindergarten'],
  hospital: ['医疗机构', 'Hospital'],
  committee: ['居(村)民委员会', "Residents'/villagers' committee"],
  social_work: ['社会工作服务机构', 'Social work agency'],
  relief: ['救助管理机构', 'Relief agency'],
  welfare: ['福利机构', 'Welfare institution'],
};

/** The services, as the system actor's department `svc:<service>` names them. */
const SERVICES: Labels = {
  intake: ['案件受理', 'Intake'],
  'dv-referral': ['反家暴联动', 'DV referral'],
  'legal-aid': ['法律援助', 'Legal aid'],
  'elder-care': ['养老服务', 'Elder care'],
  'case-timeline': ['全流程监督', 'Case timeline'],
};

/**
 * A department code's name: `police:xinqi` → 新碶街道派出所, `justice:beilun` → 北仑区司法局,
 * the system actor's `svc:legal-aid` → 法律援助系统.
 */
export function deptName(dept: string | null | undefined, lang: Lang): string {
  if (!dept) return '—';
  const [kind = '', unit = ''] = dept.split(':');
  if (kind === 'svc') {
    const s = SERVICES[unit];
    const name = s ? pick(s, lang) : unit;
    return lang === 'zh' ? `${name}系统` : `${name} system`;
  }
  const k = MORE_DEPT_KINDS[kind];
  if (!k) return deptLabel(dept, lang);
  const u = label('street', unit, lang);
  return lang === 'zh' ? `${u}${pick(k, lang)}` : `${pick(k, lang)} ${u}`;
}
