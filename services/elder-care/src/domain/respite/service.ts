import { Type, type Static } from '@sinclair/typebox';
import { enqueue, uuidv7 } from '@linkage/messaging';
import { audit, NotFoundError } from '@linkage/service-kit';
import {
  findBooking,
  findFacility,
  insertBooking,
  overlappingStays,
  respiteDaysUsed,
  updateBooking,
} from '../../db/queries.ts';
import type { RespiteBookingRow } from '../../db/schema.ts';
import { changeClient, event, streetOf, type Ctx } from '../shared.ts';
import { beijingDate, decideBookingChange, decideRespiteBooking, type BookingStatus } from './decide.ts';

const LocalDate = Type.String({ format: 'date', maxLength: 10 });
export const BookRespiteBody = Type.Object(
  { facilityId: Type.String({ format: 'uuid' }), startDate: LocalDate, endDate: LocalDate },
  { additionalProperties: false },
);
export type BookRespiteBody = Static<typeof BookRespiteBody>;
export const DeliverRespiteBody = Type.Object(
  { daysDelivered: Type.Integer({ minimum: 0, maximum: 366 }) },
  { additionalProperties: false },
);

export const bookingView = (b: RespiteBookingRow) => ({
  id: b.id,
  clientId: b.clientId,
  facilityId: b.facilityId,
  startDate: b.startDate,
  endDate: b.endDate,
  days: b.days,
  status: b.status,
  daysDelivered: b.daysDelivered,
});

/**
 * Book respite. The person's row is locked (her entitlement), then the provider's row (its
 * places), always in that order: concurrent bookings of the last place are serialised and
 * exactly one gets it.
 */
export async function bookRespite(ctx: Ctx, clientId: string, body: BookRespiteBody) {
  return changeClient(ctx, clientId, async (tx, c) => {
    const now = ctx.app.clock();
    const facility = await findFacility(tx, body.facilityId, true);
    if (!facility) throw new NotFoundError('The provider');
    const year = Number(body.startDate.slice(0, 4));
    const d = decideRespiteBooking(c, body, {
      now,
      usedDaysThisYear: await respiteDaysUsed(tx, c.id, year),
      facility,
      overlapping: await overlappingStays(tx, facility.id, body.startDate, body.endDate),
    });
    const id = uuidv7(now.getTime());
    const row = {
      id,
      clientId: c.id,
      facilityId: facility.id,
      startDate: body.startDate,
      endDate: body.endDate,
      days: d.days,
      year: d.year,
      status: 'booked',
      daysDelivered: null,
      bookedAt: now,
      deliveredAt: null,
    };
    await insertBooking(tx, row);
    await audit(tx, ctx.who, {
      action: 'respite.booked',
      entityType: 'respite_booking',
      entityId: id,
      caseId: c.caseId,
      details: { days: d.days, facilityId: facility.id },
    });
    await enqueue(tx, [
      event(ctx, 'elder_care.respite.booked.v1', c.caseId, {
        bookingId: id,
        clientId: c.id,
        caseId: c.caseId,
        facilityId: facility.id,
        startDate: body.startDate,
        endDate: body.endDate,
        days: d.days,
        entitlementYear: d.year,
        daysLeftThisYear: d.daysLeftThisYear,
        street: streetOf(c.street),
        bookedAt: now.toISOString(),
        dueAt: d.dueAt.toISOString(),
      }),
    ]);
    return { ...bookingView(row), daysLeftThisYear: d.daysLeftThisYear, dueAt: d.dueAt.toISOString() };
  });
}

/** Deliver or cancel a booked stay (serialised on the person's record). */
export async function changeBooking(
  ctx: Ctx,
  bookingId: string,
  cmd: { kind: 'deliver'; daysDelivered: number } | { kind: 'cancel' },
) {
  const found = await findBooking(ctx.app.store.db, bookingId);
  if (!found) throw new NotFoundError('The respite booking');
  return changeClient(ctx, found.clientId, async (tx, c) => {
    const b = (await findBooking(tx, bookingId))!;
    const now = ctx.app.clock();
    const next = decideBookingChange(
      { status: b.status as BookingStatus, days: b.days, startDate: b.startDate },
      cmd.kind === 'deliver'
        ? { kind: 'deliver', daysDelivered: cmd.daysDelivered, today: beijingDate(now) }
        : { kind: 'cancel' },
    );
    await updateBooking(tx, b.id, {
      status: next.status,
      daysDelivered: next.daysDelivered,
      deliveredAt: next.status === 'delivered' ? now : null,
    });
    await audit(tx, ctx.who, {
      action: `respite.${next.status}`,
      entityType: 'respite_booking',
      entityId: b.id,
      caseId: c.caseId,
      details: { daysDelivered: next.daysDelivered },
    });
    await enqueue(tx, [
      next.status === 'delivered'
        ? event(ctx, 'elder_care.service.delivered.v1', c.caseId, {
            serviceId: b.id,
            clientId: c.id,
            caseId: c.caseId,
            kind: 'respite',
            days: next.daysDelivered,
            street: streetOf(c.street),
            deliveredAt: now.toISOString(),
          })
        : event(ctx, 'elder_care.respite.cancelled.v1', c.caseId, {
            bookingId: b.id,
            clientId: c.id,
            caseId: c.caseId,
            cancelledAt: now.toISOString(),
          }),
    ]);
    return bookingView({ ...b, status: next.status, daysDelivered: next.daysDelivered });
  });
}
