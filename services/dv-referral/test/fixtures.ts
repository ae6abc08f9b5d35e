import { randomUUID } from 'node:crypto';
import type { LinkageEvent, Street } from '@linkage/contracts';
import { newEvent } from '@linkage/messaging';
// the file, not the barrel: the barrel loads vitest (this module is also the benchmark's)
import { referralRequestedEvent } from '../../../packages/testing/src/events.ts';

const FLAGS = { minor: false, elderly: false, disabled: false, pregnantOrBreastfeeding: false, seriouslyIll: false };
const INTAKE = { source: '/services/intake', actor: { role: 'hotline_operator', dept: 'wf:district' } };

/** intake's announcement of a new case (its owning unit, its street). */
export const caseOpened = (caseId: string, o: { street: Street | null; ownerDept: string; at: Date }) =>
  newEvent('intake.case.opened.v1', {
    ...INTAKE,
    subject: caseId,
    time: o.at,
    data: {
      caseId,
      caseNumber: 'BL-2026-000042',
      channel: 'hotline_12338',
      category: 'domestic_violence',
      street: o.street,
      riskLevel: 'high',
      repeat: false,
      flags: FLAGS,
      needs: ['dv_protection'],
      ownerDept: o.ownerDept,
      openedAt: o.at.toISOString(),
    },
  });

/** intake's announcement that a case changed (here: she moved to another street). */
export const caseUpdated = (caseId: string, o: { street: Street | null; version: number; at: Date }) =>
  newEvent('intake.case.updated.v1', {
    ...INTAKE,
    subject: caseId,
    time: o.at,
    data: {
      caseId,
      version: o.version,
      changed: ['victim'],
      category: 'domestic_violence',
      street: o.street,
      flags: FLAGS,
      needs: ['dv_protection'],
      updatedAt: o.at.toISOString(),
    },
  });

/**
 * A high-risk DV request whose victim agreed to the shelter and the court and asked for counselling: three referrals
 * (police, shelter, counselling) and her own protection-order application.
 */
export const fullRequest = (caseId: string, street: Street, at: Date) =>
  referralRequestedEvent({
    caseId,
    street,
    riskLevel: 'high',
    needs: ['dv_protection', 'psychological_support'],
    departmentConsent: { shelter: true, court: true },
    time: at,
  });

/**
 * One case's life as intake tells it, in the order intake publishes it: opened, its DV request, and then (every other
 * case) an update moving her to another street — which must land on the DV part the request created — and (every
 * tenth) a second request after the move.
 */
export function caseStory(i: number, at: Date): { caseId: string; events: LinkageEvent[] } {
  const caseId = randomUUID();
  const streets: Street[] = ['xinqi', 'daqi', 'xiapu', 'chaiqiao'];
  const street = streets[i % streets.length]!;
  const moved = streets[(i + 1) % streets.length]!;
  const events: LinkageEvent[] = [
    caseOpened(caseId, { street, ownerDept: i % 3 === 0 ? 'wf:xinqi' : 'wf:district', at }),
    i % 4 === 1
      ? referralRequestedEvent({ caseId, street, riskLevel: 'medium', time: at })
      : fullRequest(caseId, street, at),
  ];
  if (i % 2 === 0) events.push(caseUpdated(caseId, { street: moved, version: 2, at }));
  if (i % 10 === 0) events.push(referralRequestedEvent({ caseId, street: moved, riskLevel: 'standard', time: at }));
  return { caseId, events };
}
