/** Where a case stands, from the last thing that happened to it. Stages only move forward, except a reopen. */
export const STAGES = ['intake', 'referred', 'in_service', 'closed'] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_LABELS: Record<Stage, { zh: string; en: string }> = {
  intake: { zh: '受理登记', en: 'Intake' },
  referred: { zh: '已申请转介', en: 'Referred' },
  in_service: { zh: '部门办理中', en: 'With departments' },
  closed: { zh: '已结案', en: 'Closed' },
};

/** The stage an event moves a case to (null: no change). Exact types first, then prefixes. */
export function stageOf(type: string): Stage | 'reopened' | null {
  if (type === 'intake.case.opened.v1') return 'intake';
  if (type === 'intake.referral.requested.v1') return 'referred';
  if (type.startsWith('intake.case.closed.')) return 'closed';
  if (type.startsWith('intake.case.reopened.')) return 'reopened';
  if (type.startsWith('dv.') || type.startsWith('legal_aid.') || type.startsWith('elder_care.')) return 'in_service';
  return null;
}

export function nextStage(current: Stage | null, type: string): Stage | null {
  const s = stageOf(type);
  if (s === null) return current;
  if (s === 'reopened') return 'in_service';
  if (current === null) return s;
  if (current === 'closed') return current; // only a reopen leaves closed
  return STAGES.indexOf(s) > STAGES.indexOf(current) ? s : current;
}
