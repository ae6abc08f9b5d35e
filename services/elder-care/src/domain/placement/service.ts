import { Type } from '@sinclair/typebox';
import type { CapabilityLevel } from '@linkage/contracts';
import type { Executor } from '@linkage/db';
import { enqueue, uuidv7 } from '@linkage/messaging';
import { audit, NotFoundError } from '@linkage/service-kit';
import {
  bedsInUse,
  findFacility,
  findPlacement,
  insertPlacement,
  openPlacementOf,
  updatePlacement,
  waitingAt,
} from '../../db/queries.ts';
import { changeClient, event, type Ctx } from '../shared.ts';
import { allocate, decideEnd, decidePlacementRequest, type EndReason, type PlacementStatus } from './decide.ts';
import { findClient } from '../../db/queries.ts';
import { streetOf } from '../shared.ts';

export const RequestPlacementBody = Type.Object(
  { facilityId: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);
export const EndPlacementBody = Type.Object(
  {
    reason: Type.Union([
      Type.Literal('discharged'),
      Type.Literal('deceased'),
      Type.Literal('moved'),
      Type.Literal('withdrawn'),
    ]),
  },
  { additionalProperties: false },
);

/**
 * Fill an institution's free beds from its waiting list in priority order (hardship first).
 * The caller holds the institution's row lock. Returns the ids placed.
 */
async function fillBeds(ctx: Ctx, tx: Executor, facilityId: string, capacity: number): Promise<string[]> {
  const now = ctx.app.clock();
  const waiting = await waitingAt(tx, facilityId);
  const chosen = allocate(capacity - (await bedsInUse(tx, facilityId)), waiting);
  for (const id of chosen) {
    const w = waiting.find((x) => x.id === id)!;
    const client = (await findClient(tx, w.clientId))!;
    await updatePlacement(tx, id, { status: 'placed', placedAt: now });
    await audit(tx, ctx.who, {
      action: 'placement.made',
      entityType: 'placement',
      entityId: id,
      caseId: client.caseId,
      details: { costBasis: w.costBasis },
    });
    await enqueue(tx, [
      event(ctx, 'elder_care.placement.made.v1', client.caseId, {
        placementId: id,
        clientId: client.id,
        caseId: client.caseId,
        facilityId,
        costBasis: w.costBasis as 'free' | 'low_cost' | 'standard',
        street: streetOf(client.street),
        placedAt: now.toISOString(),
      }),
    ]);
  }
  return chosen;
}

/** Ask for an institution bed: placed now if a bed is free, else waitlisted by priority. */
export async function requestPlacement(ctx: Ctx, clientId: string, body: { facilityId: string }) {
  return changeClient(ctx, clientId, async (tx, c) => {
    const now = ctx.app.clock();
    const facility = await findFacility(tx, body.facilityId, true);
    if (!facility) throw new NotFoundError('The institution');
    const d = decidePlacementRequest(
      {
        level: c.level as CapabilityLevel | null,
        facility,
        hasOpenPlacement: Boolean(await openPlacementOf(tx, c.id)),
      },
      c.hardship,
    );
    const id = uuidv7(now.getTime());
    await insertPlacement(tx, {
      id,
      clientId: c.id,
      facilityId: facility.id,
      status: 'waiting',
      costBasis: d.costBasis,
      hardship: d.hardship,
      levelRank: d.levelRank,
      requestedAt: now,
    });
    await audit(tx, ctx.who, {
      action: 'placement.requested',
      entityType: 'placement',
      entityId: id,
      caseId: c.caseId,
      details: { costBasis: d.costBasis },
    });
    const placed = await fillBeds(ctx, tx, facility.id, facility.capacity);
    const status: PlacementStatus = placed.includes(id) ? 'placed' : 'waiting';
    if (status === 'waiting') {
      await enqueue(tx, [
        event(ctx, 'elder_care.placement.waitlisted.v1', c.caseId, {
          placementId: id,
          clientId: c.id,
          caseId: c.caseId,
          facilityId: facility.id,
          costBasis: d.costBasis,
          priorityHardship: d.hardship,
          requestedAt: now.toISOString(),
        }),
      ]);
    }
    return { id, clientId: c.id, facilityId: facility.id, status, costBasis: d.costBasis };
  });
}

/** End a placement (or withdraw a waiting request); a freed bed goes to the next in priority. */
export async function endPlacement(ctx: Ctx, placementId: string, reason: EndReason) {
  const found = await findPlacement(ctx.app.store.db, placementId);
  if (!found) throw new NotFoundError('The placement');
  return changeClient(ctx, found.clientId, async (tx, c) => {
    const facility = (await findFacility(tx, found.facilityId, true))!;
    const p = (await findPlacement(tx, placementId))!;
    const now = ctx.app.clock();
    const status = decideEnd(p.status as PlacementStatus, reason);
    await updatePlacement(tx, p.id, { status, endedAt: now, endReason: reason });
    await audit(tx, ctx.who, {
      action: `placement.${status}`,
      entityType: 'placement',
      entityId: p.id,
      caseId: c.caseId,
      details: { reason },
    });
    await enqueue(tx, [
      event(ctx, 'elder_care.placement.ended.v1', c.caseId, {
        placementId: p.id,
        clientId: c.id,
        caseId: c.caseId,
        facilityId: p.facilityId,
        reason,
        endedAt: now.toISOString(),
      }),
    ]);
    const nowPlaced = status === 'ended' ? await fillBeds(ctx, tx, facility.id, facility.capacity) : [];
    return { id: p.id, status, nextPlaced: nowPlaced };
  });
}
