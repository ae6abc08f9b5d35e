import { beijingDate, ConflictError, startOfBeijingDay, ValidationError } from '@linkage/service-kit';

/** Calendar dates are `YYYY-MM-DD` in Beijing time (UTC+8). */
const DAY = 86_400_000;
const toUtc = (d: string): number => Date.parse(`${d}T00:00:00Z`);
const fromUtc = (t: number): string => new Date(t).toISOString().slice(0, 10);

export { beijingDate, startOfBeijingDay };
/** Inclusive number of days from start to end. */
export const daysBetween = (start: string, end: string): number => Math.round((toUtc(end) - toUtc(start)) / DAY) + 1;

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
  for (let t = toUtc(start); t <= toUtc(end); t += DAY) {
    const day = fromUtc(t);
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
export function decideRespiteBooking(client: ClientForRespite, req: RespiteRequest, f: RespiteFacts): RespiteDecision {
  if (req.endDate < req.startDate)
    throw new ValidationError('respite_dates_invalid', 'The stay must end on or after its first day.');
  if (req.startDate < beijingDate(f.now))
    throw new ValidationError('respite_in_past', 'A respite stay cannot start in the past.');
  if (req.startDate.slice(0, 4) !== req.endDate.slice(0, 4))
    throw new ValidationError(
      'respite_spans_years',
      'A stay must lie within one calendar year (entitlements are annual); book two stays.',
    );
  if (client.level === null) throw new ConflictError('not_assessed', 'The person has no capability assessment yet.');
  if (client.reassessBy !== null && client.reassessBy.getTime() < f.now.getTime())
    throw new ConflictError('reassessment_overdue', 'The capability assessment is out of date; reassess first.');
  if (f.facility.kind !== 'respite_provider' || !f.facility.active)
    throw new ConflictError('not_a_respite_provider', 'That facility does not offer respite places.');
  const days = daysBetween(req.startDate, req.endDate);
  const left = Math.max(0, client.respiteDaysPerYear - f.usedDaysThisYear);
  if (client.respiteDaysPerYear === 0)
    throw new ConflictError('not_entitled', 'The assessed level carries no respite entitlement.');
  if (days > left)
    throw new ConflictError(
      'entitlement_exceeded',
      `The stay needs ${days} days; ${left} of ${client.respiteDaysPerYear} are left this year.`,
    );
  if (peakOccupancy(f.overlapping, req.startDate, req.endDate) >= f.facility.capacity)
    throw new ConflictError('provider_full', 'The provider has no place left on at least one of those days.');
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
): { status: BookingStatus; daysDelivered: number | null } {
  if (b.status !== 'booked') throw new ConflictError('booking_closed', `The stay is already ${b.status}.`);
  switch (cmd.kind) {
    case 'deliver':
      if (cmd.daysDelivered > b.days) throw new ValidationError('too_many_days', `At most ${b.days} days were booked.`);
      if (cmd.today < b.startDate) throw new ConflictError('not_started', 'The stay has not started yet.');
      return { status: 'delivered', daysDelivered: cmd.daysDelivered };
    case 'cancel':
      return { status: 'cancelled', daysDelivered: null };
    default: {
      const never: never = cmd;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
}
