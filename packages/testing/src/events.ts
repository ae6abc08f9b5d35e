import { randomUUID } from 'node:crypto';
import { assertValidForProduce, type LinkageEvent, type ReferralRequestedV1 } from '@linkage/contracts';
import { newEvent } from '@linkage/domain';

const NO_FLAGS = { minor: false, elderly: false, disabled: false, pregnantOrBreastfeeding: false, seriouslyIll: false };

/**
 * An `intake.referral.requested.v1` event as intake would publish it (validated like a produced
 * event), for testing the services that consume it. Defaults: a high-risk DV case in Xinqi.
 */
export function referralRequestedEvent(
  o: Partial<ReferralRequestedV1['data']> & { time?: Date } = {},
): ReferralRequestedV1 {
  const { time = new Date(), ...overrides } = o;
  const caseId = overrides.caseId ?? randomUUID();
  const id = randomUUID();
  const event = {
    specversion: '1.0',
    id,
    source: '/services/intake',
    type: 'intake.referral.requested.v1',
    subject: caseId,
    time: time.toISOString(),
    datacontenttype: 'application/json',
    correlationid: id,
    actor: 'hotline_operator@wf:district',
    data: {
      requestId: randomUUID(),
      caseNumber: 'BL-2026-000042',
      target: 'dv',
      category: 'domestic_violence',
      needs: ['dv_protection'],
      riskLevel: 'high',
      street: 'xinqi',
      victimAgeBand: 'adult',
      flags: NO_FLAGS,
      consentBasis: 'consent',
      requestedAt: time.toISOString(),
      ...overrides,
      caseId,
    },
  };
  assertValidForProduce(event);
  return event as ReferralRequestedV1;
}

/** A valid `intake.case.opened.v1` of the given case (a new one if none is given): a high-risk DV case in Xinqi. */
export function caseOpenedEvent(
  caseId: string = randomUUID(),
  { time = new Date(), caseNumber = 'BL-2026-000001' }: { time?: Date; caseNumber?: string } = {},
) {
  return newEvent('intake.case.opened.v1', {
    source: '/services/intake',
    subject: caseId,
    actor: { role: 'hotline_operator', dept: 'wf:district' },
    time,
    data: {
      caseId,
      caseNumber,
      channel: 'hotline_12338',
      category: 'domestic_violence',
      street: 'xinqi',
      riskLevel: 'high',
      repeat: false,
      flags: NO_FLAGS,
      needs: ['dv_protection'],
      openedAt: time.toISOString(),
    },
  });
}

/**
 * A high-risk DV case's first three events: opened, referral requested (intake), referral created (dv), at `t0` (the
 * last 40 ms later). What the timeline projects for a case; its tests and benchmarks use it.
 */
export function dvCaseEvents(caseId: string, t0: number): LinkageEvent[] {
  const actor = { role: 'hotline_operator', dept: 'wf:district' };
  const opened = caseOpenedEvent(caseId, { time: new Date(t0), caseNumber: 'BL-2026-000007' });
  const requestId = randomUUID();
  const requested = newEvent('intake.referral.requested.v1', {
    source: '/services/intake',
    subject: caseId,
    actor,
    time: new Date(t0),
    causationid: opened.id,
    data: {
      requestId,
      caseId,
      caseNumber: 'BL-2026-000007',
      target: 'dv',
      category: 'domestic_violence',
      needs: ['dv_protection'],
      riskLevel: 'high',
      street: 'xinqi',
      victimAgeBand: 'adult',
      flags: NO_FLAGS,
      consentBasis: 'high_risk_exception',
      requestedAt: new Date(t0).toISOString(),
    },
  });
  const created = newEvent('dv.referral.created.v1', {
    source: '/services/dv-referral',
    subject: caseId,
    actor: { role: 'system', dept: 'svc:dv-referral' },
    time: new Date(t0 + 40),
    causationid: requested.id,
    data: {
      referralId: randomUUID(),
      caseId,
      requestId,
      department: 'police',
      assignedDept: 'police:xinqi',
      riskLevel: 'high',
      street: 'xinqi',
      acceptBy: new Date(t0 + 3_600_000).toISOString(),
      createdAt: new Date(t0 + 40).toISOString(),
    },
  });
  return [opened, requested, created];
}
