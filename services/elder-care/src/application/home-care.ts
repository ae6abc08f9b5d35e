import type { CapabilityLevel } from '@linkage/contracts';
import { audit, found, NotFoundError, orThrow, uuidv7 } from '@linkage/service-kit';
import {
  activeFamilyBed,
  findFacility,
  findVisit,
  insertFamilyBed,
  insertTraining,
  insertVisit,
  updateVisit,
} from '../db/queries.ts';
import type { ClientRow, HomeVisitRow } from '../db/schema.ts';
import { streetOf } from '../domain/policy.ts';
import {
  decideHomeCare,
  decideVisit,
  familyBedReviewBy,
  VISIT_CLOSED_AS,
  type HomeCareClient,
  type VisitCommand,
  type VisitStatus,
} from '../domain/services/decide.ts';
import type { ScheduleVisitBody, TrainingBody } from '../domain/services/schemas.ts';
import { changeClient, emit, type Ctx } from './context.ts';

// Care at home: visits, family care beds, caregiver training.

export const visitView = (v: HomeVisitRow) => ({
  id: v.id,
  clientId: v.clientId,
  serviceType: v.serviceType,
  dueAt: v.dueAt.toISOString(),
  status: v.status,
});

const homeCareClient = (c: ClientRow): HomeCareClient => ({
  ...c,
  street: streetOf(c.street),
  level: c.level as CapabilityLevel | null,
});

export async function scheduleVisit(ctx: Ctx, clientId: string, body: ScheduleVisitBody) {
  return changeClient(ctx, clientId, async (tx, c) => {
    const now = ctx.app.clock();
    const dueAt = new Date(body.dueAt);
    const id = uuidv7(now.getTime());
    const cmd = { kind: 'schedule_visit', visitId: id, serviceType: body.serviceType, dueAt } as const;
    const events = orThrow(decideHomeCare(homeCareClient(c), cmd, now));
    const row = { id, clientId: c.id, serviceType: body.serviceType, dueAt, status: 'scheduled', closedAt: null };
    await insertVisit(tx, row);
    await audit(tx, ctx.who, {
      action: 'home_visit.scheduled',
      entityType: 'home_visit',
      entityId: id,
      caseId: c.caseId,
    });
    await emit(ctx, tx, c.caseId, events);
    return visitView(row);
  });
}

/** A visit was delivered, missed or cancelled. */
export async function closeVisit(ctx: Ctx, visitId: string, cmd: VisitCommand) {
  const { clientId } = found(await findVisit(ctx.app.store.db, visitId), 'The home visit');
  return changeClient(ctx, clientId, async (tx, c) => {
    const v = found(await findVisit(tx, visitId), 'The home visit');
    const now = ctx.app.clock();
    const visit = { ...v, status: v.status as VisitStatus, caseId: c.caseId, street: streetOf(c.street) };
    const events = orThrow(decideVisit(visit, cmd, now));
    const status = VISIT_CLOSED_AS[cmd.kind];
    await updateVisit(tx, v.id, { status, closedAt: now });
    await audit(tx, ctx.who, {
      action: `home_visit.${status}`,
      entityType: 'home_visit',
      entityId: v.id,
      caseId: c.caseId,
    });
    await emit(ctx, tx, c.caseId, events);
    return visitView({ ...v, status });
  });
}

/** Set up a family care bed at home (moderate loss of capability or worse; one per person). */
export async function setUpFamilyBed(ctx: Ctx, clientId: string, body: { providerId?: string | undefined }) {
  return changeClient(ctx, clientId, async (tx, c) => {
    const now = ctx.app.clock();
    if (body.providerId && !(await findFacility(tx, body.providerId))) throw new NotFoundError('The provider');
    const id = uuidv7(now.getTime());
    const cmd = {
      kind: 'set_up_family_bed',
      bedId: id,
      hasActiveBed: Boolean(await activeFamilyBed(tx, c.id)),
      reassessMonths: ctx.policy.reassessMonths,
    } as const;
    const events = orThrow(decideHomeCare(homeCareClient(c), cmd, now));
    const reviewBy = familyBedReviewBy(c, now, ctx.policy.reassessMonths);
    await insertFamilyBed(tx, {
      id,
      clientId: c.id,
      providerId: body.providerId ?? null,
      status: 'active',
      setUpAt: now,
      reviewBy,
    });
    await audit(tx, ctx.who, { action: 'family_bed.set_up', entityType: 'family_bed', entityId: id, caseId: c.caseId });
    await emit(ctx, tx, c.caseId, events);
    return { id, clientId: c.id, status: 'active', setUpAt: now.toISOString(), reviewBy: reviewBy.toISOString() };
  });
}

/** Record a caregiver training session held for the person's family caregiver. */
export async function recordTraining(ctx: Ctx, clientId: string, body: TrainingBody) {
  return changeClient(ctx, clientId, async (tx, c) => {
    const now = ctx.app.clock();
    const heldAt = new Date(body.heldAt);
    const id = uuidv7(now.getTime());
    const events = orThrow(decideHomeCare(homeCareClient(c), { kind: 'record_training', trainingId: id, heldAt }, now));
    await insertTraining(tx, { id, clientId: c.id, topic: body.topic, hours: body.hours, heldAt });
    await audit(tx, ctx.who, {
      action: 'caregiver_training.recorded',
      entityType: 'training',
      entityId: id,
      caseId: c.caseId,
      details: { hours: body.hours },
    });
    await emit(ctx, tx, c.caseId, events);
    return { id, clientId: c.id, topic: body.topic, hours: body.hours, heldAt: heldAt.toISOString() };
  });
}
