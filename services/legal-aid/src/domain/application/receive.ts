import type { Static } from '@sinclair/typebox';
import type {
  EventData,
  LegalAidChannel,
  LegalAidProceedings,
  LegalAidUrgency,
  ReferralRequestedV1,
} from '@linkage/contracts';
import { ValidationError, type Calendar } from '@linkage/domain';
import { decideByFrom } from './clocks.ts';
import type { MatterType } from './checklist.ts';
import { meansFromIntakeCategory, type MeansResult } from './means.ts';
import type { ApplicationEvent } from './state.ts';

export interface ReceiveInput {
  id: string;
  caseId: string | null;
  requestId: string | null;
  channel: Static<typeof LegalAidChannel>;
  matterType: MatterType;
  proceedings: Static<typeof LegalAidProceedings>;
  urgency: Static<typeof LegalAidUrgency>;
  street: EventData<'legal_aid.application.received.v1'>['street'];
  means: MeansResult | null;
  /** A direct application with no intake case: `caseId` was minted here and intake opens the case under it. */
  newCase?: boolean | undefined;
  /** The applicant's sex as she gave it (a category; announced for the case intake opens). */
  applicantSex?: 'female' | 'male' | 'unknown' | undefined;
}

export interface Received {
  status: 'received';
  receivedAt: Date;
  decideBy: Date;
  event: Extract<ApplicationEvent, { type: 'legal_aid.application.received.v1' }>;
}

/** The women's federation applies on the applicant's behalf, through its own channel only. */
export function channelRefusal(role: string, channel: Static<typeof LegalAidChannel>): ValidationError | null {
  return role === 'wf_caseworker' && channel !== 'womens_federation'
    ? new ValidationError(
        'channel_not_allowed',
        "The women's federation applies on the applicant's behalf through the channel womens_federation.",
      )
    : null;
}

/** Receiving an application starts the 7-day decision clock (LAL Art. 43). */
export function receive(i: ReceiveInput, now: Date, cal: Calendar): Received {
  const decideBy = decideByFrom(now, cal);
  return {
    status: 'received',
    receivedAt: now,
    decideBy,
    event: {
      type: 'legal_aid.application.received.v1',
      data: {
        applicationId: i.id,
        caseId: i.caseId,
        requestId: i.requestId,
        channel: i.channel,
        matterType: i.matterType,
        proceedings: i.proceedings,
        urgency: i.urgency,
        street: i.street,
        meansTest: i.means,
        receivedAt: now.toISOString(),
        decideBy: decideBy.toISOString(),
        ...(i.newCase ? { newCase: true } : {}),
        ...(i.applicantSex ? { applicantSex: i.applicantSex } : {}),
      },
    },
  };
}

const MATTER_OF_CATEGORY: Record<string, MatterType> = {
  domestic_violence: 'dv_protection_order',
  elder_abuse: 'maintenance',
  marriage_family_dispute: 'divorce',
  rights_infringement: 'other',
  other: 'other',
};

/**
 * From an intake referral request to legal aid: a provisional matter type from the case category,
 * urgent when the risk is high, and the Art. 32(4) exemption for DV and abuse victims. Null when
 * the request is for another department.
 */
export function applicationFromReferral(req: ReferralRequestedV1['data'], id: string): ReceiveInput | null {
  if (req.target !== 'legal_aid') return null;
  return {
    id,
    caseId: req.caseId,
    requestId: req.requestId,
    channel: 'intake_referral',
    matterType: MATTER_OF_CATEGORY[req.category] ?? 'other',
    proceedings: 'civil',
    urgency: req.riskLevel === 'high' ? 'urgent' : 'normal',
    street: req.street,
    means: meansFromIntakeCategory(req.category),
  };
}
