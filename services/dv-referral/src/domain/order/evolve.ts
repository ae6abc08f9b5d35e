import type { Emit } from '@linkage/domain';
import { remindAt } from '../clocks.ts';
import type { Measure } from './apply.ts';
import type { OrderStatus } from './decide.ts';

/** The columns of a protection-order row an event changes (the application layer writes them). */
export type OrderChange = Partial<{
  status: OrderStatus;
  acceptedAt: Date;
  ruleBy: Date;
  ruledAt: Date;
  measures: Measure[];
  validUntil: Date;
  reconsiderBy: Date;
  reasonCode: string;
  served: Record<string, string>;
  reconsideration: string;
  reconsiderationDecideBy: Date | null;
  remindAt: Date | null;
  remindedAt: Date | null;
}>;

/**
 * The row change one event makes. `served` is the order's record of service so far; `reminderDays` places
 * the expiry reminder of a new end date.
 */
export function evolveOrder(e: Emit, served: Record<string, string>, reminderDays: number): OrderChange {
  switch (e.type) {
    case 'dv.protection_order.accepted.v1':
      return { status: 'accepted', acceptedAt: new Date(e.data.acceptedAt), ruleBy: new Date(e.data.ruleBy) };
    case 'dv.protection_order.issued.v1': {
      const [issuedAt, validUntil] = [new Date(e.data.issuedAt), new Date(e.data.validUntil)];
      return {
        status: 'issued',
        ruledAt: issuedAt,
        measures: e.data.measures,
        validUntil,
        reconsiderBy: new Date(e.data.reconsiderBy),
        remindAt: remindAt(validUntil, reminderDays, issuedAt),
        remindedAt: null,
      };
    }
    case 'dv.protection_order.rejected.v1':
      return {
        status: 'rejected',
        ruledAt: new Date(e.data.rejectedAt),
        reasonCode: e.data.reasonCode,
        reconsiderBy: new Date(e.data.reconsiderBy),
      };
    case 'dv.protection_order.served.v1':
      return { served: { ...served, [e.data.party]: e.data.servedAt } };
    case 'dv.protection_order.reconsideration_requested.v1':
      return {
        reconsideration: 'pending',
        reconsiderationDecideBy: e.data.decideBy ? new Date(e.data.decideBy) : null,
      };
    case 'dv.protection_order.reconsideration_decided.v1':
      return { reconsideration: e.data.outcome, reconsiderationDecideBy: null };
    case 'dv.protection_order.changed.v1':
      return { measures: e.data.measures };
    case 'dv.protection_order.extended.v1': {
      const validUntil = new Date(e.data.validUntil);
      return { validUntil, remindAt: remindAt(validUntil, reminderDays, new Date(e.data.at)), remindedAt: null };
    }
    case 'dv.protection_order.revoked.v1':
      return { status: 'revoked', remindAt: null };
    case 'dv.protection_order.expired.v1':
      return { status: 'expired', remindAt: null };
    default:
      return {};
  }
}

/** The row change a decision's events make together, in order. */
export const orderChange = (
  events: readonly Emit[],
  served: Record<string, string>,
  reminderDays: number,
): OrderChange =>
  events.reduce<OrderChange>((c, e) => ({ ...c, ...evolveOrder(e, c.served ?? served, reminderDays) }), {});

/**
 * Art. 30: an issued order whose `validUntil` has passed lapses — `expired`, an event dated at its end, not a
 * breach. Nothing when it has not lapsed.
 */
export function decideExpiry(
  s: { id: string; caseId: string; courtDept: string; status: string; validUntil: Date | null },
  now: Date,
): Emit[] {
  if (s.status !== 'issued' || !s.validUntil || s.validUntil.getTime() > now.getTime()) return [];
  const end = s.validUntil.toISOString();
  return [
    {
      type: 'dv.protection_order.expired.v1',
      data: { orderId: s.id, caseId: s.caseId, courtDept: s.courtDept, validUntil: end, expiredAt: end },
      time: s.validUntil,
    },
  ];
}

/** Scheduler: is the expiry reminder of this order due? Then the event to emit (nothing otherwise). */
export function decideExpiryReminder(
  s: {
    id: string;
    caseId: string;
    courtDept: string;
    status: string;
    validUntil: Date | null;
    remindAt: Date | null;
    remindedAt: Date | null;
  },
  now: Date,
): Emit[] {
  if (s.status !== 'issued' || !s.validUntil || !s.remindAt || s.remindedAt) return [];
  if (s.remindAt.getTime() > now.getTime()) return [];
  return [
    {
      type: 'dv.protection_order.expiring.v1',
      data: { orderId: s.id, caseId: s.caseId, courtDept: s.courtDept, validUntil: s.validUntil.toISOString() },
    },
  ];
}
