import type { Emit } from '@linkage/domain';
import { route, type RoutingDecision } from '../routing/rules.ts';
import { routingOf, type CaseState, type VictimProfile } from './state.ts';

/** A referral request as the caller is told of it. */
export interface Referral {
  requestId: string;
  target: RoutingDecision['target'];
  consentBasis: RoutingDecision['consentBasis'];
}

/**
 * The one builder of `intake.referral.requested.v1`: what a receiving department needs to act on the
 * case, de-identified. `victimSex` is known when the case opens (the victim section is at hand).
 */
export function referralRequested(s: CaseState, r: Referral, at: string, victimSex?: VictimProfile['sex']): Emit {
  return {
    type: 'intake.referral.requested.v1',
    data: {
      requestId: r.requestId,
      caseId: s.id,
      caseNumber: s.caseNumber,
      target: r.target,
      category: s.category,
      needs: s.needs,
      riskLevel: s.riskLevel,
      street: s.street,
      victimAgeBand: s.ageBand,
      flags: s.flags,
      consentBasis: r.consentBasis,
      ...(r.target === 'dv' ? { departmentConsent: { court: s.consent.court, shelter: s.consent.shelter } } : {}),
      ...(victimSex ? { victimSex } : {}),
      requestedAt: at,
    },
  };
}

/** Route the case as it now stands: a request to every department now due that was not requested before. */
export function requestReferrals(
  s: CaseState,
  at: string,
  newId: () => string,
  victimSex?: VictimProfile['sex'],
): Emit[] {
  return route(routingOf(s))
    .referrals.filter((r) => !s.requested.includes(r.target))
    .map((r) => referralRequested(s, { ...r, requestId: newId() }, at, victimSex));
}

/** The referral requests among decided events (what the caller is told, and the rows intake keeps). */
export function referralsOf(emits: readonly Emit[]): Referral[] {
  return emits.flatMap((e) =>
    e.type === 'intake.referral.requested.v1'
      ? [{ requestId: e.data.requestId, target: e.data.target, consentBasis: e.data.consentBasis }]
      : [],
  );
}
