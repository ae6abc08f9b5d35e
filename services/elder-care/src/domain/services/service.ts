import { Type, type Static } from '@sinclair/typebox';
import type { CapabilityLevel } from '@linkage/contracts';
import { enqueue, uuidv7 } from '@linkage/messaging';
import { audit, NotFoundError } from '@linkage/service-kit';
import {
  activeFamilyBed,
  findFacility,
  findVisit,
  insertFamilyBed,
  insertTraining,
  insertVisit,
  updateVisit,
} from '../../db/queries.ts';
import type { HomeVisitRow } from '../../db/schema.ts';
import { reassessBy } from '../assessment/levels.ts';
import { changeClient, event, streetOf, type Ctx } from '../shared.ts';
import { decideFamilyBed, decideScheduleVisit, decideTraining, decideVisitChange, type VisitStatus } from './decide.ts';

export const HOME_SERVICE_TYPES = [
  'personal_care',
  'meal',
  'cleaning',
  'health_check',
  'rehabilitation',
  'companionship',
] as const;
export const ScheduleVisitBody = Type.Object(
  {
    serviceType: Type.Union(HOME_SERVICE_TYPES.map((t) => Type.Literal(t))),
    dueAt: Type.String({ format: 'date-time', maxLength: 40 }),
  },
  { additionalProperties: false },
);
export type ScheduleVisitBody = Static<typeof ScheduleVisitBody>;
export const FamilyBedBody = Type.Object(
  { providerId: Type.Optional(Type.String({ format: 'uuid' })) },
  { additionalProperties: false },
);
export const TrainingBody = Type.Object(
  {
    topic: Type.String({ minLength: 1, maxLength: 200 }),
    hours: Type.Integer({ minimum: 1, maximum: 40 }),
    heldAt: Type.String({ format: 'date-time', maxLength: 40 }),
  },
  { additionalProperties: false },
);
export type TrainingBody = Static<typeof TrainingBody>;

export const visitView = (v: HomeVisitRow) => ({
  id: v.id,
  clientId: v.clientId,
  serviceType: v.serviceType,
  dueAt: v.dueAt.toISOString(),
  status: v.status,
});

export async function scheduleVisit(ctx: Ctx, clientId: string, body: ScheduleVisitBody) {
  return changeClient(ctx, clientId, async (tx, c) => {
    const now = ctx.app.clock();
    const dueAt = new Date(body.dueAt);
    decideScheduleVisit(c.level, dueAt, now);
    const id = uuidv7(now.getTime());
    const row = { id, clientId: c.id, serviceType: body.serviceType, dueAt, status: 'scheduled', closedAt: null };
    await insertVisit(tx, row);
    await audit(tx, ctx.who, {
      action: 'home_visit.scheduled',
      entityType: 'home_visit',
      entityId: id,
      caseId: c.caseId,
    });
    await enqueue(tx, [
      event(ctx, 'elder_care.home_visit.scheduled.v1', c.caseId, {
        visitId: id,
        clientId: c.id,
        caseId: c.caseId,
        serviceType: body.serviceType,
        street: streetOf(c.street),
        dueAt: dueAt.toISOString(),
      }),
    ]);
    return visitView(row);
  });
}

/** A visit was delivered, missed or cancelled. */
export async function closeVisit(ctx: Ctx, visitId: string, kind: 'deliver' | 'miss' | 'cancel') {
  const found = await findVisit(ctx.app.store.db, visitId);
  if (!found) throw new NotFoundError('The home visit');
  return changeClient(ctx, found.clientId, async (tx, c) => {
    const v = (await findVisit(tx, visitId))!;
    const now = ctx.app.clock();
    const status = decideVisitChange(v.status as VisitStatus, { kind });
    await updateVisit(tx, v.id, { status, closedAt: now });
    await audit(tx, ctx.who, {
      action: `home_visit.${status}`,
      entityType: 'home_visit',
      entityId: v.id,
      caseId: c.caseId,
    });
    if (status === 'delivered') {
      await enqueue(tx, [
        event(ctx, 'elder_care.service.delivered.v1', c.caseId, {
          serviceId: v.id,
          clientId: c.id,
          caseId: c.caseId,
          kind: 'home_visit',
          days: null,
          street: streetOf(c.street),
          deliveredAt: now.toISOString(),
        }),
      ]);
    } else if (status === 'missed') {
      await enqueue(tx, [
        event(ctx, 'elder_care.home_visit.missed.v1', c.caseId, {
          visitId: v.id,
          clientId: c.id,
          caseId: c.caseId,
          dueAt: v.dueAt.toISOString(),
          missedAt: now.toISOString(),
        }),
      ]);
    }
    return visitView({ ...v, status });
  });
}

/** Set up a family care bed at home (moderate loss of capability or worse; one per person). */
export async function setUpFamilyBed(ctx: Ctx, clientId: string, body: { providerId?: string | undefined }) {
  return changeClient(ctx, clientId, async (tx, c) => {
    const now = ctx.app.clock();
    if (body.providerId && !(await findFacility(tx, body.providerId))) throw new NotFoundError('The provider');
    decideFamilyBed(c.level as CapabilityLevel | null, Boolean(await activeFamilyBed(tx, c.id)));
    const id = uuidv7(now.getTime());
    const reviewBy = c.reassessBy ?? reassessBy(now, ctx.policy.reassessMonths);
    await insertFamilyBed(tx, {
      id,
      clientId: c.id,
      providerId: body.providerId ?? null,
      status: 'active',
      setUpAt: now,
      reviewBy,
    });
    await audit(tx, ctx.who, { action: 'family_bed.set_up', entityType: 'family_bed', entityId: id, caseId: c.caseId });
    await enqueue(tx, [
      event(ctx, 'elder_care.family_bed.set_up.v1', c.caseId, {
        bedId: id,
        clientId: c.id,
        caseId: c.caseId,
        street: streetOf(c.street),
        setUpAt: now.toISOString(),
        reviewBy: reviewBy.toISOString(),
      }),
    ]);
    return { id, clientId: c.id, status: 'active', setUpAt: now.toISOString(), reviewBy: reviewBy.toISOString() };
  });
}

/** Record a caregiver training session held for the person's family caregiver. */
export async function recordTraining(ctx: Ctx, clientId: string, body: TrainingBody) {
  return changeClient(ctx, clientId, async (tx, c) => {
    const now = ctx.app.clock();
    const heldAt = new Date(body.heldAt);
    decideTraining(heldAt, now);
    const id = uuidv7(now.getTime());
    await insertTraining(tx, { id, clientId: c.id, topic: body.topic, hours: body.hours, heldAt });
    await audit(tx, ctx.who, {
      action: 'caregiver_training.recorded',
      entityType: 'training',
      entityId: id,
      caseId: c.caseId,
      details: { hours: body.hours },
    });
    await enqueue(tx, [
      event(ctx, 'elder_care.service.delivered.v1', c.caseId, {
        serviceId: id,
        clientId: c.id,
        caseId: c.caseId,
        kind: 'caregiver_training',
        days: null,
        street: streetOf(c.street),
        deliveredAt: heldAt.toISOString(),
      }),
    ]);
    return { id, clientId: c.id, topic: body.topic, hours: body.hours, heldAt: heldAt.toISOString() };
  });
}
