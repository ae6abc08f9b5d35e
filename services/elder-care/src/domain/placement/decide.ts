import type { CapabilityLevel, Street } from '@linkage/contracts';
import { assertNever, ConflictError, DomainError } from '@linkage/domain';
import { LEVEL_RANK } from '../assessment/levels.ts';
import type { ElderEvent } from '../events.ts';

export type CostBasis = 'free' | 'low_cost' | 'standard';

/**
 * Priority free or low-cost care for elderly women in hardship (plan 二(六)6): social-assistance
 * recipients and special family-planning families are placed free; low-income, at low cost.
 */
export function costBasisFor(hardship: readonly string[]): CostBasis {
  if (hardship.includes('social_assistance') || hardship.includes('special_family_planning')) return 'free';
  if (hardship.includes('low_income')) return 'low_cost';
  return 'standard';
}

export interface Waiting {
  id: string;
  hardship: boolean;
  levelRank: number;
  requestedAt: Date;
}

/** Waiting-list order: hardship first, then the more severe loss of capability, then who asked first. */
export function byPriority(a: Waiting, b: Waiting): number {
  if (a.hardship !== b.hardship) return a.hardship ? -1 : 1;
  if (a.levelRank !== b.levelRank) return b.levelRank - a.levelRank;
  return a.requestedAt.getTime() - b.requestedAt.getTime() || (a.id < b.id ? -1 : 1);
}

/** Which waiting requests get the free beds, in priority order. */
export function allocate(freeBeds: number, waiting: readonly Waiting[]): string[] {
  return [...waiting]
    .sort(byPriority)
    .slice(0, Math.max(0, freeBeds))
    .map((w) => w.id);
}

export interface PlacementRequestFacts {
  level: CapabilityLevel | null;
  facility: { kind: string; active: boolean };
  hasOpenPlacement: boolean;
}

/** A placement request needs an assessment, an institution, and no other open request or placement. */
export function decidePlacementRequest(
  f: PlacementRequestFacts,
  hardship: readonly string[],
): { costBasis: CostBasis; hardship: boolean; levelRank: number } | DomainError {
  if (f.level === null) return new ConflictError('not_assessed', 'The person has no capability assessment yet.');
  if (f.facility.kind !== 'institution' || !f.facility.active)
    return new ConflictError('not_an_institution', 'That facility has no care beds.');
  if (f.hasOpenPlacement)
    return new ConflictError('placement_open', 'The person already waits for or holds a placement.');
  return { costBasis: costBasisFor(hardship), hardship: hardship.length > 0, levelRank: LEVEL_RANK[f.level] };
}

export type PlacementStatus = 'waiting' | 'placed' | 'ended' | 'withdrawn';
export type EndReason = 'discharged' | 'deceased' | 'moved' | 'withdrawn';

/** What a placement becomes when it ends for `reason` (once `decideEnd` allowed it). */
export const endedAs = (reason: EndReason): PlacementStatus => (reason === 'withdrawn' ? 'withdrawn' : 'ended');

/** Placed → ended (discharged, deceased, moved); waiting → withdrawn. */
export function decideEnd(status: PlacementStatus, reason: EndReason): PlacementStatus | DomainError {
  switch (status) {
    case 'placed':
      if (reason === 'withdrawn')
        return new ConflictError('already_placed', 'A placed person is discharged, not withdrawn.');
      return 'ended';
    case 'waiting':
      if (reason !== 'withdrawn') return new ConflictError('not_placed', 'A waiting request can only be withdrawn.');
      return 'withdrawn';
    case 'ended':
    case 'withdrawn':
      return new ConflictError('placement_closed', `The placement is already ${status}.`);
    default:
      return assertNever(status);
  }
}

/** A placement request and whose it is. */
export interface PlacementRef {
  id: string;
  clientId: string;
  caseId: string;
  facilityId: string;
  costBasis: CostBasis;
}

/** A request no bed was free for waits, in priority order. */
export const waitlisted = (p: PlacementRef, priorityHardship: boolean, requestedAt: Date): ElderEvent => ({
  type: 'elder_care.placement.waitlisted.v1',
  data: {
    placementId: p.id,
    clientId: p.clientId,
    caseId: p.caseId,
    facilityId: p.facilityId,
    costBasis: p.costBasis,
    priorityHardship,
    requestedAt: requestedAt.toISOString(),
  },
});

/** The waiting requests `allocate` gave a bed are placed, each event on its own person's case. */
export const placementsMade = (
  placed: readonly (PlacementRef & { street: Street | null })[],
  now: Date,
): ElderEvent[] =>
  placed.map((p) => ({
    type: 'elder_care.placement.made.v1',
    subject: p.caseId,
    data: {
      placementId: p.id,
      clientId: p.clientId,
      caseId: p.caseId,
      facilityId: p.facilityId,
      costBasis: p.costBasis,
      street: p.street,
      placedAt: now.toISOString(),
    },
  }));

/** End a placement (or withdraw a waiting request): `decideEnd`'s rules → `placement.ended`. */
export function decideEndPlacement(
  p: PlacementRef & { status: PlacementStatus },
  reason: EndReason,
  now: Date,
): ElderEvent[] | DomainError {
  const next = decideEnd(p.status, reason);
  if (next instanceof DomainError) return next;
  return [
    {
      type: 'elder_care.placement.ended.v1',
      data: {
        placementId: p.id,
        clientId: p.clientId,
        caseId: p.caseId,
        facilityId: p.facilityId,
        reason,
        endedAt: now.toISOString(),
      },
    },
  ];
}
