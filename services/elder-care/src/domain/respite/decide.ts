import type { Street } from '@linkage/contracts';
import {
  assertNever,
  beijingDate,
  ConflictError,
  DomainError,
  range,
  startOfBeijingDay,
  ValidationError,
} from '@linkage/domain';
import type { ElderEvent, ElderEventOf } from '../events.ts';

// Calendar dates are `YYYY-MM-DD` in Beijing time (UTC+8).

/** Inclusive number of days from start to end (0 when the end is before the start). */
export const daysBetween = (start: string, end: string): number => range(start, end).length;

export interface ClientForRespite {
  level: string | null;
  respiteDaysPerYear: number;
  reassessBy: Date | null;
}

export interface RespiteRequest {
  startDate: string;
  endDate: string;
}

export interface RespiteFacts {
  now: Date;
  /** Days already used or booked in that calendar year (booked days, or delivered days once delivered). */
  usedDaysThisYear: number;
  facility: { kind: string; capacity: number; active: boolean };
  /** Other stays at this provider that overlap the request. */
  overlapping: { startDate: string; endDate: string }[];
}

export interface RespiteDecision {
  days: number;
  year: number;
  daysLeftThisYear: number;
  dueAt: Date;
}

/** The most places taken on any one day of [start, end] by the given stays. */
export function peakOccupancy(stays: { startDate: string; endDate: string }[], start: string, end: string): number {
  let peak = 0;
  for (const day of range(start, end)) {
    const n = stays.filter((s) => s.startDate <= day && day <= s.endDate).length;
    if (n > peak) peak = n;
  }
  return peak;
}

/**
 * Book a respite stay: the person must hold a current assessment whose level entitles her to
 * respite; the stay lies within one calendar year and starts today or later; it never exceeds
 * the days left of the annual entitlement, nor the provider's places on any day.
 */
export function decideRespiteBooking(
  client: ClientForRespite,
  req: RespiteRequest,
  f: RespiteFacts,
): RespiteDecision | DomainError {
  if (req.endDate < req.startDate)
    return new ValidationError('respite_dates_invalid', 'The stay must end on or after its first day.');
  if (req.startDate < beijingDate(f.now))
    return new ValidationError('respite_in_past', 'A respite stay cannot start in the past.');
  if (req.startDate.slice(0, 4) !== req.endDate.slice(0, 4))
    return new ValidationError(
      'respite_spans_years',
      'A stay must lie within one calendar year (entitlements are annual); book two stays.',
    );
  if (client.level === null) return new ConflictError('not_assessed', 'The person has no capability assessment yet.');
  if (client.reassessBy !== null && client.reassessBy.getTime() < f.now.getTime())
    return new ConflictError('reassessment_overdue', 'The capability assessment is out of date; reassess first.');
  if (f.facility.kind !== 'respite_provider' || !f.facility.active)
    return new ConflictError('not_a_respite_provider', 'That facility does not offer respite places.');
  const days = daysBetween(req.startDate, req.endDate);
  const left = Math.max(0, client.respiteDaysPerYear - f.usedDaysThisYear);
  if (client.respiteDaysPerYear === 0)
    return new ConflictError('not_entitled', 'The assessed level carries no respite entitlement.');
  if (days > left)
    return new ConflictError(
      'entitlement_exceeded',
      `The stay needs ${days} days; ${left} of ${client.respiteDaysPerYear} are left this year.`,
    );
  if (peakOccupancy(f.overlapping, req.startDate, req.endDate) >= f.facility.capacity)
    return new ConflictError('provider_full', 'The provider has no place left on at least one of those days.');
  return {
    days,
    year: Number(req.startDate.slice(0, 4)),
    daysLeftThisYear: left - days,
    dueAt: startOfBeijingDay(req.startDate),
  };
}

export type BookingStatus = 'booked' | 'delivered' | 'cancelled';
export type BookingCommand = { kind: 'deliver'; daysDelivered: number; today: string } | { kind: 'cancel' };

export interface BookingState {
  status: BookingStatus;
  days: number;
  startDate: string;
}

/** Respite stay transitions: booked → delivered (≤ the booked days, not before it starts) | cancelled. */
export function decideBookingChange(
  b: BookingState,
  cmd: BookingCommand,
): { status: BookingStatus; daysDelivered: number | null } | DomainError {
  if (b.status !== 'booked') return new ConflictError('booking_closed', `The stay is already ${b.status}.`);
  switch (cmd.kind) {
    case 'deliver':
      if (cmd.daysDelivered > b.days)
        return new ValidationError('too_many_days', `At most ${b.days} days were booked.`);
      if (cmd.today < b.startDate) return new ConflictError('not_started', 'The stay has not started yet.');
      return { status: 'delivered', daysDelivered: cmd.daysDelivered };
    case 'cancel':
      return { status: 'cancelled', daysDelivered: null };
    default:
      return assertNever(cmd);
  }
}

/** A booking request on a person's record, with the ids the application chose. */
export interface Book extends RespiteRequest {
  bookingId: string;
  facilityId: string;
}

/** Book a respite stay for a person (`decideRespiteBooking`'s rules) → `respite.booked`. */
export function decideBooking(
  client: ClientForRespite & { id: string; caseId: string; street: Street | null },
  cmd: Book,
  f: RespiteFacts,
): [ElderEventOf<'elder_care.respite.booked.v1'>] | DomainError {
  const d = decideRespiteBooking(client, cmd, f);
  if (d instanceof DomainError) return d;
  return [
    {
      type: 'elder_care.respite.booked.v1',
      data: {
        bookingId: cmd.bookingId,
        clientId: client.id,
        caseId: client.caseId,
        facilityId: cmd.facilityId,
        startDate: cmd.startDate,
        endDate: cmd.endDate,
        days: d.days,
        entitlementYear: d.year,
        daysLeftThisYear: d.daysLeftThisYear,
        street: client.street,
        bookedAt: f.now.toISOString(),
        dueAt: d.dueAt.toISOString(),
      },
    },
  ];
}

/** A booked stay and whose it is. */
export interface Stay extends BookingState {
  id: string;
  clientId: string;
  caseId: string;
  street: Street | null;
}
export type StayCommand = { kind: 'deliver'; daysDelivered: number } | { kind: 'cancel' };

/** Deliver (a service delivered, counted in the indicators) or cancel a booked stay. */
export function decideStay(b: Stay, cmd: StayCommand, now: Date): ElderEvent[] | DomainError {
  const ref = { clientId: b.clientId, caseId: b.caseId };
  switch (cmd.kind) {
    case 'deliver': {
      const next = decideBookingChange(b, { ...cmd, today: beijingDate(now) });
      if (next instanceof DomainError) return next;
      return [
        {
          type: 'elder_care.service.delivered.v1',
          data: {
            serviceId: b.id,
            ...ref,
            kind: 'respite',
            days: next.daysDelivered,
            street: b.street,
            deliveredAt: now.toISOString(),
          },
        },
      ];
    }
    case 'cancel': {
      const next = decideBookingChange(b, cmd);
      if (next instanceof DomainError) return next;
      return [
        { type: 'elder_care.respite.cancelled.v1', data: { bookingId: b.id, ...ref, cancelledAt: now.toISOString() } },
      ];
    }
    default:
      return assertNever(cmd);
  }
}
