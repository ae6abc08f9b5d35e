import { randomUUID } from 'node:crypto';
import type { LinkageEvent } from '@linkage/contracts';
import { newEvent } from '@linkage/messaging';

export const flags = {
  minor: false,
  elderly: false,
  disabled: false,
  pregnantOrBreastfeeding: false,
  seriouslyIll: false,
};

/** A high-risk DV case's first three events: opened, referral requested (intake), referral created (dv). */
export function caseEvents(caseId: string, t0: number): LinkageEvent[] {
  const actor = { role: 'hotline_operator', dept: 'wf:district' };
  const opened = newEvent('intake.case.opened.v1', {
    source: '/services/intake',
    subject: caseId,
    actor,
    time: new Date(t0),
    data: {
      caseId,
      caseNumber: 'BL-2026-000007',
      channel: 'hotline_12338',
      category: 'domestic_violence',
      street: 'xinqi',
      riskLevel: 'high',
      repeat: false,
      flags,
      needs: ['dv_protection'],
      openedAt: new Date(t0).toISOString(),
    },
  });
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
      flags,
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
