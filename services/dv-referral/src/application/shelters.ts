import type { FastifyInstance } from 'fastify';
import type { Principal } from '@linkage/auth';
import { checkVersion, found, orThrow, uuidv7, ValidationError } from '@linkage/domain';
import { emitEvents } from '@linkage/messaging';
import { audit } from '@linkage/service-kit';
import {
  findShelter,
  insertPlacement,
  insertShelter,
  lockPlacement,
  lockShelter,
  occupiedBeds,
  shelterAvailability,
  updatePlacement,
} from '../db/queries/care.ts';
import { findReferral } from '../db/queries/referrals.ts';
import type { PlacementRow } from '../db/schema.ts';
import { deptKind } from '../domain/access.ts';
import {
  decidePlace,
  decidePlacement,
  otherShelter,
  PLACEMENT_STATUS_AFTER,
  type PlacementCommand,
  type PlacementStatus,
} from '../domain/shelter/decide.ts';
import { requireKnownCase } from './cases.ts';
import { eventContext, refuse } from './context.ts';

/** Register a shelter and its bed capacity (platform admin). */
export async function createShelter(
  app: FastifyInstance,
  who: Principal,
  body: { dept: string; label: string; street?: string | null; capacity: number },
) {
  if (deptKind(body.dept) !== 'shelter')
    throw new ValidationError('not_a_shelter_dept', `${body.dept} is not a shelter department.`, [
      { path: '/dept', message: 'must be shelter:*' },
    ]);
  const now = app.clock();
  return app.store.db.transaction(async (tx) => {
    const id = uuidv7(now.getTime());
    const street = body.street ?? null;
    await insertShelter(tx, {
      id,
      dept: body.dept,
      label: body.label,
      street,
      capacity: body.capacity,
      createdAt: now,
    });
    await audit(tx, who, {
      action: 'shelter.created',
      entityType: 'shelter',
      entityId: id,
      details: { capacity: body.capacity },
    });
    return {
      id,
      dept: body.dept,
      label: body.label,
      street,
      capacity: body.capacity,
      occupied: 0,
      available: body.capacity,
    };
  });
}

/** Bed availability for referrers: capacity and free beds, no personal data. */
export async function availability(app: FastifyInstance) {
  return (await shelterAvailability(app.store.db)).map((s) => ({
    ...s,
    available: Math.max(0, s.capacity - s.occupied),
  }));
}

const placementView = (p: PlacementRow) => ({
  id: p.id,
  shelterId: p.shelterId,
  caseId: p.caseId,
  referralId: p.referralId,
  status: p.status,
  placedAt: p.placedAt.toISOString(),
  checkedInAt: p.checkedInAt?.toISOString() ?? null,
  checkedOutAt: p.checkedOutAt?.toISOString() ?? null,
  version: p.version,
});

/**
 * Place a person. The shelter row is locked (FOR UPDATE) while the occupied beds are counted
 * and the placement inserted, so concurrent placements into the last bed serialise: one wins.
 */
export async function place(
  app: FastifyInstance,
  who: Principal,
  shelterId: string,
  body: { caseId: string; referralId?: string; person?: string },
) {
  const now = app.clock();
  return app.store.db.transaction(async (tx) => {
    const shelter = found(await lockShelter(tx, shelterId), 'The shelter');
    refuse(otherShelter(who, shelter.dept));
    await requireKnownCase(tx, body.caseId); // an unknown case is a 404: no bed is taken for it
    const referral = body.referralId ? found(await findReferral(tx, body.referralId), 'The referral') : null;
    if (referral && referral.caseId !== body.caseId)
      throw new ValidationError('referral_case_mismatch', 'The referral belongs to another case.', [
        { path: '/referralId', message: 'other case' },
      ]);
    const occupied = await occupiedBeds(tx, shelterId);
    const id = uuidv7(now.getTime());
    const events = orThrow(
      decidePlace(shelter, occupied, who, { placementId: id, caseId: body.caseId, referral }, now),
    );
    const row = await insertPlacement(tx, {
      id,
      shelterId,
      caseId: body.caseId,
      referralId: referral?.id ?? null,
      personEnc: app.cipher.encryptOptional(body.person, id),
      placedAt: now,
    });
    await audit(tx, who, {
      action: 'shelter.placed',
      entityType: 'placement',
      entityId: id,
      caseId: body.caseId,
      details: { shelterId, occupiedBefore: occupied },
    });
    await emitEvents(tx, events, eventContext(app, who, body.caseId, now));
    return placementView(row);
  });
}

export async function actOnPlacement(
  app: FastifyInstance,
  who: Principal,
  placementId: string,
  cmd: PlacementCommand,
  version: number,
) {
  const now = app.clock();
  return app.store.db.transaction(async (tx) => {
    const p = found(await lockPlacement(tx, placementId), 'The placement');
    const shelter = found(await findShelter(tx, p.shelterId), 'The shelter');
    refuse(otherShelter(who, shelter.dept));
    checkVersion(p, version);
    const state = { ...p, status: p.status as PlacementStatus };
    const events = orThrow(decidePlacement(state, shelter.dept, cmd, who, now));
    const u = await updatePlacement(tx, placementId, {
      status: PLACEMENT_STATUS_AFTER[cmd.kind],
      ...(cmd.kind === 'check_in' ? { checkedInAt: now } : { checkedOutAt: now }),
    });
    await audit(tx, who, {
      action: `shelter.${cmd.kind}`,
      entityType: 'placement',
      entityId: placementId,
      caseId: p.caseId,
    });
    await emitEvents(tx, events, eventContext(app, who, p.caseId, now));
    return placementView(u);
  });
}
