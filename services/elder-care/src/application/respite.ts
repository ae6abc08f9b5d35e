import { audit, found, orThrow, uuidv7 } from '@linkage/service-kit';
import {
  findBooking,
  findFacility,
  insertBooking,
  overlappingStays,
  respiteDaysUsed,
  updateBooking,
} from '../db/queries.ts';
import type { RespiteBookingRow } from '../db/schema.ts';
import { eventOf } from '../domain/events.ts';
import { streetOf } from '../domain/policy.ts';
import { decideBooking, decideStay, type BookingStatus, type StayCommand } from '../domain/respite/decide.ts';
import type { BookRespiteBody } from '../domain/respite/schemas.ts';
import { changeClient, emit, type Ctx } from './context.ts';

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
    const facility = found(await findFacility(tx, body.facilityId, true), 'The provider');
    const year = Number(body.startDate.slice(0, 4));
    const id = uuidv7(now.getTime());
    const events = orThrow(
      decideBooking(
        { ...c, street: streetOf(c.street) },
        { ...body, bookingId: id },
        {
          now,
          usedDaysThisYear: await respiteDaysUsed(tx, c.id, year),
          facility,
          overlapping: await overlappingStays(tx, facility.id, body.startDate, body.endDate),
        },
      ),
    );
    const booked = events[0].data;
    const row = {
      id,
      clientId: c.id,
      facilityId: facility.id,
      startDate: body.startDate,
      endDate: body.endDate,
      days: booked.days,
      year: booked.entitlementYear,
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
      details: { days: booked.days, facilityId: facility.id },
    });
    await emit(ctx, tx, c.caseId, events);
    return { ...bookingView(row), daysLeftThisYear: booked.daysLeftThisYear, dueAt: booked.dueAt };
  });
}

/** Deliver or cancel a booked stay (serialised on the person's record). */
export async function changeBooking(ctx: Ctx, bookingId: string, cmd: StayCommand) {
  const { clientId } = found(await findBooking(ctx.app.store.db, bookingId), 'The respite booking');
  return changeClient(ctx, clientId, async (tx, c) => {
    const b = found(await findBooking(tx, bookingId), 'The respite booking');
    const now = ctx.app.clock();
    const stay = { ...b, status: b.status as BookingStatus, caseId: c.caseId, street: streetOf(c.street) };
    const events = orThrow(decideStay(stay, cmd, now));
    const delivered = eventOf(events, 'elder_care.service.delivered.v1');
    const next = delivered
      ? { status: 'delivered' as const, daysDelivered: delivered.data.days, deliveredAt: now }
      : { status: 'cancelled' as const, daysDelivered: null, deliveredAt: null };
    await updateBooking(tx, b.id, next);
    await audit(tx, ctx.who, {
      action: `respite.${next.status}`,
      entityType: 'respite_booking',
      entityId: b.id,
      caseId: c.caseId,
      details: { daysDelivered: next.daysDelivered },
    });
    await emit(ctx, tx, c.caseId, events);
    return bookingView({ ...b, status: next.status, daysDelivered: next.daysDelivered });
  });
}
