import type { CaseCategory, EventOf, LegalAidMatterType, LinkageEvent } from '@linkage/contracts';
import { DASH_V1 } from '../risk/checklist.ts';
import { flagsOf } from '../victim/validate.ts';
import type { OpenCase } from './decide.ts';
import { mergeConsent, noConsent, type Channel, type VictimProfile } from './state.ts';

/**
 * One case, one id: a person who went to a department directly (not through the hotline) still gets a case that
 * intake knows. The department minted the case id and announced the hand-off, de-identified; this is what intake
 * opens from that announcement. Personal data stays with the department; intake holds none for the case.
 */
export interface DirectOpening {
  caseId: string;
  openedAt: Date;
  /** The department she went to owns the case (the event's actor is `<role>@<dept>`). */
  ownerDept: string;
  channel: Channel;
  category: CaseCategory;
  /** The department's own service: it is the need, she consented to it by going there, and no request goes there. */
  department: 'elder_care' | 'legal_aid';
  victim: VictimProfile;
  /** For the audit row: the department's record (no personal data). */
  details: Record<string, string>;
}

const deptOf = (actor: string) => actor.slice(actor.indexOf('@') + 1);

/** The case category of a legal aid matter (a provisional one: the case worker may change it). */
const CATEGORY_OF_MATTER: Record<LegalAidMatterType, CaseCategory> = {
  dv_protection_order: 'domestic_violence',
  divorce: 'marriage_family_dispute',
  maintenance: 'marriage_family_dispute',
  property_division: 'marriage_family_dispute',
  employment_discrimination: 'rights_infringement',
  personal_injury: 'rights_infringement',
  criminal_victim: 'rights_infringement',
  other: 'other',
};

/** Legal aid channels in intake's terms: the women's federation applying on her behalf is a walk-in there. */
const CHANNEL_OF_LEGAL_AID = { walk_in: 'walk_in', online: 'online', womens_federation: 'walk_in' } as const;

function elderCare(e: EventOf<'elder_care.client.referred.v1'>): DirectOpening | null {
  if (e.data.channel !== 'direct') return null;
  const ownerDept = deptOf(e.actor);
  return {
    caseId: e.data.caseId,
    openedAt: new Date(e.data.referredAt),
    ownerDept,
    // she came to the department herself (a walk-in at elder care); no new channel in the contract
    channel: 'walk_in',
    category: 'other',
    department: 'elder_care',
    victim: { street: e.data.street, sex: 'unknown', ...flagsOf(undefined, { elderly: true }), ageBand: 'elderly' },
    details: { referredBy: ownerDept, clientId: e.data.clientId },
  };
}

function legalAid(e: EventOf<'legal_aid.application.received.v1'>): DirectOpening | null {
  const d = e.data;
  if (d.newCase !== true || d.caseId === null || d.channel === 'intake_referral') return null;
  const ownerDept = deptOf(e.actor);
  return {
    caseId: d.caseId,
    openedAt: new Date(d.receivedAt),
    ownerDept,
    channel: CHANNEL_OF_LEGAL_AID[d.channel],
    category: CATEGORY_OF_MATTER[d.matterType],
    department: 'legal_aid',
    victim: { street: d.street, sex: d.applicantSex ?? 'unknown', ...flagsOf(undefined) },
    details: { referredBy: ownerDept, applicationId: d.applicationId, channel: d.channel },
  };
}

/** The case a direct hand-off announces, or null (a hand-off of an existing case, or another event). */
export function directOpeningOf(e: LinkageEvent): DirectOpening | null {
  if (e.type === 'elder_care.client.referred.v1') return elderCare(e);
  if (e.type === 'legal_aid.application.received.v1') return legalAid(e);
  return null;
}

/** The open command for a direct hand-off, under the case number intake assigned. */
export function openCommandOf(d: DirectOpening, caseNumber: string): OpenCase {
  return {
    kind: 'open',
    caseId: d.caseId,
    caseNumber,
    ownerDept: d.ownerDept,
    channel: d.channel,
    category: d.category,
    needs: [d.department],
    victim: d.victim,
    // she is the department's client by her own application or referral there
    consent: mergeConsent(noConsent(), { [d.department]: true }),
    checklist: DASH_V1,
    repeat: false,
    // the department has her already: no request goes there
    requested: [d.department],
  };
}
