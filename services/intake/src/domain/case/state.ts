import {
  CONSENT_DEPARTMENTS,
  type CASE_SECTIONS,
  type CaseCategory,
  type CHANNELS,
  type ConsentDepartment,
  type ConsentState,
  type Need,
  type ReferralTarget,
  type RiskLevel,
  type Street,
} from '@linkage/contracts';
import type { RoutingInput } from '../routing/rules.ts';
import type { AgeBand, ProtectionFlags } from '../victim/validate.ts';
import type { ConsentInput } from './schemas.ts';

export type Channel = (typeof CHANNELS)[number];
export type CaseSection = (typeof CASE_SECTIONS)[number];

/** What the decide functions know about a case (no personal data). */
export interface CaseState {
  id: string;
  caseNumber: string;
  status: 'open' | 'closed';
  version: number;
  channel: Channel;
  category: CaseCategory;
  street: Street | null;
  riskLevel: RiskLevel;
  repeat: boolean;
  ageBand: AgeBand;
  flags: ProtectionFlags;
  needs: Need[];
  consent: ConsentState;
  overrides: ConsentDepartment[];
  /** Targets that already have a referral request. */
  requested: ReferralTarget[];
}

/** What the victim section tells routing and the events: derived once, when the section is validated. */
export interface VictimProfile {
  street: Street | null;
  ageBand: AgeBand;
  flags: ProtectionFlags;
  sex: 'female' | 'male' | 'unknown';
}

export const noConsent = (): ConsentState =>
  Object.fromEntries(CONSENT_DEPARTMENTS.map((d) => [d, null])) as ConsentState;

export const mergeConsent = (
  base: ConsentState,
  given: ConsentInput | Partial<ConsentState> | undefined,
): ConsentState => ({ ...base, ...(given ?? {}) });

/** The facts routing decides on. */
export const routingOf = (s: CaseState): RoutingInput => ({
  channel: s.channel,
  category: s.category,
  needs: s.needs,
  riskLevel: s.riskLevel,
  ageBand: s.ageBand,
  consent: s.consent,
  overrides: s.overrides,
});
