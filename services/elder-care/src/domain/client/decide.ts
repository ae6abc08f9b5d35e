import type { Street } from '@linkage/contracts';
import type { Calendar } from '@linkage/domain';
import { assessBy } from '../assessment/levels.ts';
import type { ElderEventOf } from '../events.ts';

/** A person referred to elder care: by intake (a referral request) or directly. */
export interface Refer {
  clientId: string;
  caseId: string;
  requestId: string | null;
  channel: 'intake' | 'direct';
  street: Street | null;
  hardship: boolean;
}

/** A referral starts the clock to the first capability assessment (`assessWithinDays`, counted as periods). */
export function decideReferral(
  r: Refer,
  now: Date,
  assessWithinDays: number,
  cal: Calendar,
): [ElderEventOf<'elder_care.client.referred.v1'>] {
  return [
    {
      type: 'elder_care.client.referred.v1',
      data: { ...r, referredAt: now.toISOString(), assessBy: assessBy(now, assessWithinDays, cal).toISOString() },
    },
  ];
}
