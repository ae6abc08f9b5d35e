import { deptName } from './labels-actors.ts';
import type { Lang } from './labels.ts';

/** Beilun District's streets (街道), as the services' street codes. */
export const STREETS = [
  'xinqi',
  'daqi',
  'xiaogang',
  'xiapu',
  'chaiqiao',
  'qijiashan',
  'chunxiao',
  'meishan',
  'baifeng',
  'guoju',
  'daxie',
] as const;

const perStreet = (kind: string) => [`${kind}:district`, ...STREETS.map((s) => `${kind}:${s}`)];

/**
 * The departments a statutory clock can be on (the receiving units of each desk, as @linkage/auth's
 * ROLE_DEPARTMENTS lists them), grouped by kind for a department filter.
 */
export const CLOCK_DEPARTMENTS: { kind: string; depts: string[] }[] = [
  { kind: 'police', depts: perStreet('police') },
  { kind: 'court', depts: ['court:beilun'] },
  { kind: 'legal_aid', depts: ['legal_aid:beilun'] },
  { kind: 'justice', depts: ['justice:beilun'] },
  { kind: 'shelter', depts: ['shelter:beilun'] },
  { kind: 'health', depts: ['health:beilun', 'counselling:beilun'] },
  { kind: 'wf', depts: perStreet('wf') },
  // ADVL Art. 17: the residents'/villagers' committee notified of a warning letter visits
  { kind: 'committee', depts: STREETS.map((s) => `committee:${s}`) },
  { kind: 'civil_affairs', depts: perStreet('civil_affairs') },
];

const GROUP: Record<string, readonly [string, string]> = {
  police: ['公安', 'Police'],
  court: ['法院', 'Court'],
  legal_aid: ['法律援助', 'Legal aid'],
  justice: ['司法行政', 'Justice bureau'],
  shelter: ['庇护', 'Shelter'],
  health: ['医疗与心理', 'Health and counselling'],
  wf: ['妇联', "Women's federation"],
  committee: ['居(村)民委员会', "Residents'/villagers' committees"],
  civil_affairs: ['养老服务（民政）', 'Elder care (civil affairs)'],
  other: ['其他', 'Other'],
};

export interface DeptOption {
  value: string;
  label: string;
}

/**
 * Select options for a department filter: every department a clock can be on, named in the chosen
 * language, grouped by kind; departments seen in the data but not listed come last, so none is missing.
 */
export function departmentOptions(
  lang: Lang,
  seen: readonly (string | null | undefined)[] = [],
): { label: string; title: string; options: DeptOption[] }[] {
  const listed = new Set(CLOCK_DEPARTMENTS.flatMap((g) => g.depts));
  const extra = [...new Set(seen.filter((d): d is string => !!d && !listed.has(d)))].sort();
  const groups = [...CLOCK_DEPARTMENTS, ...(extra.length ? [{ kind: 'other', depts: extra }] : [])];
  return groups.map((g) => {
    const name = (GROUP[g.kind] ?? GROUP.other!)[lang === 'zh' ? 0 : 1];
    return { label: name, title: name, options: g.depts.map((d) => ({ value: d, label: deptName(d, lang) })) };
  });
}
