import type { CapabilityLevel } from '@linkage/contracts';
import type { Executor } from '@linkage/db';
import { audit, found, orThrow, uuidv7 } from '@linkage/service-kit';
import {
  bedsInUse,
  findClient,
  findFacility,
  findPlacement,
  insertPlacement,
  openPlacementOf,
  updatePlacement,
  waitingAt,
} from '../db/queries.ts';
import { streetOf } from '../domain/policy.ts';
import {
  allocate,
  decideEndPlacement,
  decidePlacementRequest,
  endedAs,
  placementsMade,
  waitlisted,
  type CostBasis,
  type EndReason,
  type PlacementStatus,
} from '../domain/placement/decide.ts';
import { changeClient, emit, type Ctx } from './context.ts';

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
    const client = found(await findClient(tx, w.clientId), 'The client');
    const costBasis = w.costBasis as CostBasis;
    await updatePlacement(tx, id, { status: 'placed', placedAt: now });
    await audit(tx, ctx.who, {
      action: 'placement.made',
      entityType: 'placement',
      entityId: id,
      caseId: client.caseId,
      details: { costBasis },
    });
    const placed = {
      id,
      clientId: client.id,
      caseId: client.caseId,
      facilityId,
      costBasis,
      street: streetOf(client.street),
    };
    await emit(ctx, tx, client.caseId, placementsMade([placed], now));
  }
  return chosen;
}

/** Ask for an institution bed: placed now if a bed is free, else waitlisted by priority. */
export async function requestPlacement(ctx: Ctx, clientId: string, body: { facilityId: string }) {
  return changeClient(ctx, clientId, async (tx, c) => {
    const now = ctx.app.clock();
    const facility = found(await findFacility(tx, body.facilityId, true), 'The institution');
    const d = orThrow(
      decidePlacementRequest(
        {
          level: c.level as CapabilityLevel | null,
          facility,
          hasOpenPlacement: Boolean(await openPlacementOf(tx, c.id)),
        },
        c.hardship,
      ),
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
      const request = { id, clientId: c.id, caseId: c.caseId, facilityId: facility.id, costBasis: d.costBasis };
      await emit(ctx, tx, c.caseId, [waitlisted(request, d.hardship, now)]);
    }
    return { id, clientId: c.id, facilityId: facility.id, status, costBasis: d.costBasis };
  });
}

/** End a placement (or withdraw a waiting request); a freed bed goes to the next in priority. */
export async function endPlacement(ctx: Ctx, placementId: string, reason: EndReason) {
  const { clientId, facilityId } = found(await findPlacement(ctx.app.store.db, placementId), 'The placement');
  return changeClient(ctx, clientId, async (tx, c) => {
    const facility = found(await findFacility(tx, facilityId, true), 'The institution');
    const p = found(await findPlacement(tx, placementId), 'The placement');
    const now = ctx.app.clock();
    const placement = {
      ...p,
      caseId: c.caseId,
      status: p.status as PlacementStatus,
      costBasis: p.costBasis as CostBasis,
    };
    const events = orThrow(decideEndPlacement(placement, reason, now));
    const status = endedAs(reason);
    await updatePlacement(tx, p.id, { status, endedAt: now, endReason: reason });
    await audit(tx, ctx.who, {
      action: `placement.${status}`,
      entityType: 'placement',
      entityId: p.id,
      caseId: c.caseId,
      details: { reason },
    });
    await emit(ctx, tx, c.caseId, events);
    const nowPlaced = status === 'ended' ? await fillBeds(ctx, tx, facility.id, facility.capacity) : [];
    return { id: p.id, status, nextPlaced: nowPlaced };
  });
}
