/** Display labels for the services' codes, zh-CN first and English second. */
import { COMMON_LABELS } from './labels/common.ts';
import { DV_LABELS } from './labels/dv.ts';
import { ELDER_CARE_LABELS } from './labels/elder-care.ts';
import { INTAKE_LABELS } from './labels/intake.ts';
import { LEGAL_AID_LABELS } from './labels/legal-aid.ts';
import { TIMELINE_LABELS } from './labels/timeline.ts';
import type { LabelGroups } from './labels/types.ts';

/** Every label group, one module per service area (labels/). */
export const LABELS: LabelGroups = {
  ...COMMON_LABELS,
  ...INTAKE_LABELS,
  ...DV_LABELS,
  ...LEGAL_AID_LABELS,
  ...TIMELINE_LABELS,
  ...ELDER_CARE_LABELS,
};

export type Lang = 'zh' | 'en';

export function label(group: string, code: string | null | undefined, lang: Lang): string {
  if (code === null || code === undefined || code === '') return '—';
  const l = LABELS[group]?.[code];
  return l ? l[lang === 'zh' ? 0 : 1] : code;
}

export function options(group: string, lang: Lang): { value: string; label: string }[] {
  return Object.entries(LABELS[group] ?? {}).map(([value, l]) => ({ value, label: l[lang === 'zh' ? 0 : 1] }));
}

/** `police:xinqi` → 新碶街道 派出所 */
export function deptLabel(dept: string | null | undefined, lang: Lang): string {
  if (!dept) return '—';
  if (LABELS.dept?.[dept]) return label('dept', dept, lang);
  const [kind = '', unit = ''] = dept.split(':');
  if (LABELS.unit?.[unit]) return label('unit', unit, lang);
  const k = label('deptKind', kind, lang);
  const u = LABELS.street?.[unit] ? label('street', unit, lang) : unit;
  return lang === 'zh' ? `${u}${k}` : `${k} ${u}`;
}
