import type { LabelGroups } from './types.ts';

/** Case timeline: statutory clocks and the severity of what needs attention. */
export const TIMELINE_LABELS: LabelGroups = {
  clockState: {
    pending: ['计时中', 'Running'],
    at_risk: ['即将超时', 'At risk'],
    met: ['按时完成', 'Met'],
    breached: ['已超时', 'Breached'],
    cancelled: ['已取消', 'Cancelled'],
  },
  severity: { critical: ['紧急', 'Critical'], high: ['高', 'High'], normal: ['一般', 'Normal'] },
};
