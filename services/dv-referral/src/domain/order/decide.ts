import type { PO_REJECT_REASONS, PO_SERVICE_PARTIES } from '@linkage/contracts';
import {
  addHours,
  assertNever,
  ConflictError,
  ValidationError,
  type Calendar,
  type Decision,
  type DomainError,
  type Emit,
} from '@linkage/domain';
import { HELD_POLICY, refusal, type Actor } from '../access.ts';
import { maxValidUntil, reconsiderationDecideBy, reconsiderBy, ruleBy } from '../clocks.ts';
import type { Measure } from './apply.ts';

export type ServiceParty = (typeof PO_SERVICE_PARTIES)[number];
export type RejectReason = (typeof PO_REJECT_REASONS)[number];
export type OrderStatus = 'applied' | 'accepted' | 'issued' | 'rejected' | 'revoked' | 'expired';

export interface OrderPolicy {
  /** Hours to serve an issued order on all four parties (Art. 32: "on issue"). */
  serveHours: number;
  /** Days before `validUntil` the expiry reminder is emitted. */
  reminderDays: number;
  /** The State Council calendar day periods are counted with. */
  cal: Calendar;
}

export interface OrderState {
  id: string;
  caseId: string;
  courtDept: string;
  measures: Measure[];
  urgent: boolean;
  status: OrderStatus;
  validUntil: Date | null;
  reconsiderBy: Date | null;
  served: Record<string, string>;
  reconsideration: string | null;
}

export type OrderCommand =
  | { kind: 'accept' }
  | { kind: 'issue'; measures?: Measure[]; validUntil: Date }
  | { kind: 'reject'; reasonCode: RejectReason }
  | { kind: 'serve'; party: ServiceParty }
  | { kind: 'request_reconsideration'; requestedBy: 'applicant' | 'respondent' }
  | { kind: 'decide_reconsideration'; outcome: 'upheld' | 'revoked' | 'changed'; measures?: Measure[] | undefined }
  | { kind: 'extend'; validUntil: Date }
  | { kind: 'change'; measures: Measure[] }
  | { kind: 'revoke' };

const notInForce = (s: OrderState, now: Date, what: string): DomainError | undefined => {
  if (s.status !== 'issued')
    return new ConflictError('order_not_in_force', `Only an issued order can be ${what}; this one is ${s.status}.`);
  if (!s.validUntil || s.validUntil.getTime() <= now.getTime())
    return new ConflictError('order_expired', `The order has expired; it can no longer be ${what}.`);
  return undefined;
};

const notRulable = (s: OrderState): DomainError | undefined =>
  s.status === 'accepted'
    ? undefined
    : new ConflictError('illegal_transition', `Only an accepted application can be ruled on; this one is ${s.status}.`);

/**
 * The court's side of a protection order (Arts. 28–32): the events a command emits, or why it is refused. The
 * row change each event makes is `orderChange` (evolve.ts).
 */
export function decideOrder(s: OrderState, cmd: OrderCommand, actor: Actor, now: Date, p: OrderPolicy): Decision {
  const otherCourt = refusal(
    HELD_POLICY,
    actor,
    'court',
    { dept: s.courtDept },
    'other_court',
    'This application was filed with another court.',
  );
  if (otherCourt) return otherCourt;
  switch (cmd.kind) {
    case 'accept':
    case 'issue':
    case 'reject':
      return rule(s, cmd, now, p);
    case 'serve':
    case 'request_reconsideration':
    case 'decide_reconsideration':
      return afterRuling(s, cmd, now, p);
    case 'extend':
    case 'change':
    case 'revoke':
      return whileInForce(s, cmd, now);
    default:
      return assertNever(cmd);
  }
}

type Cmd<K extends OrderCommand['kind']> = Extract<OrderCommand, { kind: K }>;

/** Registering the application, and the ruling on it (Arts. 28–30). */
function rule(s: OrderState, cmd: Cmd<'accept' | 'issue' | 'reject'>, now: Date, p: OrderPolicy): Decision {
  const ids = { orderId: s.id, caseId: s.caseId, courtDept: s.courtDept };
  if (cmd.kind === 'accept') {
    if (s.status !== 'applied')
      return new ConflictError('illegal_transition', `A ${s.status} application cannot be accepted.`);
    return [accepted(s, now)];
  }
  const refused = notRulable(s);
  if (refused) return refused;
  const rb = reconsiderBy(now, p.cal).toISOString();
  if (cmd.kind === 'reject')
    return [
      {
        type: 'dv.protection_order.rejected.v1',
        data: { ...ids, reasonCode: cmd.reasonCode, rejectedAt: now.toISOString(), reconsiderBy: rb },
      },
    ];
  const bad = badValidUntil(cmd.validUntil, now, maxValidUntil(now));
  if (bad) return bad;
  return [
    {
      type: 'dv.protection_order.issued.v1',
      data: {
        ...ids,
        measures: cmd.measures ?? s.measures,
        issuedAt: now.toISOString(),
        validUntil: cmd.validUntil.toISOString(),
        serveBy: addHours(now, p.serveHours).toISOString(),
        reconsiderBy: rb,
      },
    },
  ];
}

/** The Art. 28 ruling clock starts: on registering, and again when a rejection is set aside. */
const accepted = (s: OrderState, now: Date): Emit => ({
  type: 'dv.protection_order.accepted.v1',
  data: {
    orderId: s.id,
    caseId: s.caseId,
    courtDept: s.courtDept,
    urgent: s.urgent,
    acceptedAt: now.toISOString(),
    ruleBy: ruleBy(now, s.urgent).toISOString(),
  },
});

/** Service of a ruling (Art. 32) and its reconsideration (Art. 31). */
function afterRuling(
  s: OrderState,
  cmd: Cmd<'serve' | 'request_reconsideration' | 'decide_reconsideration'>,
  now: Date,
  p: OrderPolicy,
): Decision {
  const ids = { orderId: s.id, caseId: s.caseId };
  const iso = now.toISOString();
  switch (cmd.kind) {
    case 'serve': {
      if (s.status !== 'issued')
        return new ConflictError('order_not_issued', `Only an issued order is served; this one is ${s.status}.`);
      if (s.served[cmd.party]) return new ConflictError('already_served', `Already served on the ${cmd.party}.`);
      const served = { ...s.served, [cmd.party]: iso };
      const fullyServed = ['applicant', 'respondent', 'police', 'committee'].every((k) => served[k]);
      return [
        { type: 'dv.protection_order.served.v1', data: { ...ids, party: cmd.party, servedAt: iso, fullyServed } },
      ];
    }
    case 'request_reconsideration': {
      if (s.status !== 'issued' && s.status !== 'rejected')
        return new ConflictError('not_ruled', 'Only a ruling can be reconsidered.');
      if (s.reconsideration) return new ConflictError('already_requested', 'Reconsideration was already requested.');
      if (!s.reconsiderBy || now.getTime() > s.reconsiderBy.getTime())
        return new ConflictError(
          'reconsideration_period_over',
          'Reconsideration must be requested within 5 days of the ruling (ADVL Art. 31).',
        );
      // Art. 31: 申请人对驳回申请不服或者被申请人对人身安全保护令不服 — the party the ruling went against.
      const aggrieved = s.status === 'rejected' ? 'applicant' : 'respondent';
      if (cmd.requestedBy !== aggrieved) {
        return new ConflictError(
          'not_the_aggrieved_party',
          `ADVL Art. 31: reconsideration of ${s.status === 'rejected' ? 'a rejection is for the applicant' : 'an order is for the respondent'}.`,
        );
      }
      // The order stays in force while it is reconsidered (Art. 31).
      const decideBy = reconsiderationDecideBy(now, p.cal).toISOString();
      return [
        {
          type: 'dv.protection_order.reconsideration_requested.v1',
          data: { ...ids, requestedBy: cmd.requestedBy, requestedAt: iso, decideBy, courtDept: s.courtDept },
        },
      ];
    }
    case 'decide_reconsideration':
      return decideReconsideration(s, cmd, now);
    default:
      return assertNever(cmd);
  }
}

function decideReconsideration(s: OrderState, cmd: Cmd<'decide_reconsideration'>, now: Date): Decision {
  if (s.reconsideration !== 'pending')
    return new ConflictError('no_reconsideration_pending', 'No reconsideration is pending on this ruling.');
  const ids = { orderId: s.id, caseId: s.caseId };
  const iso = now.toISOString();
  const decided: Emit = {
    type: 'dv.protection_order.reconsideration_decided.v1',
    data: { ...ids, outcome: cmd.outcome, decidedAt: iso },
  };
  if (cmd.outcome === 'upheld') return [decided];
  if (s.status === 'rejected') {
    // the rejection is set aside: the court rules on the application again (Art. 28 clock)
    if (cmd.outcome === 'changed')
      return new ValidationError(
        'cannot_change_rejection',
        'A rejection is upheld or revoked; after revoking, issue the order.',
        [{ path: '/outcome', message: 'upheld or revoked' }],
      );
    return [decided, accepted(s, now)];
  }
  if (cmd.outcome === 'revoked')
    return [decided, { type: 'dv.protection_order.revoked.v1', data: { ...ids, at: iso } }];
  if (!cmd.measures)
    return new ValidationError('measures_required', 'A changed order states its measures.', [
      { path: '/measures', message: 'required when changed' },
    ]);
  return [decided, changed(s, cmd.measures, now)];
}

const changed = (s: OrderState, measures: Measure[], now: Date): Emit => ({
  type: 'dv.protection_order.changed.v1',
  data: {
    orderId: s.id,
    caseId: s.caseId,
    measures,
    validUntil: (s.validUntil ?? now).toISOString(),
    at: now.toISOString(),
  },
});

/** What the court may do while an order is in force: extend, change, revoke (Art. 30). */
function whileInForce(s: OrderState, cmd: Cmd<'extend' | 'change' | 'revoke'>, now: Date): Decision {
  const ids = { orderId: s.id, caseId: s.caseId };
  const refused = notInForce(s, now, PAST[cmd.kind]);
  if (refused) return refused;
  switch (cmd.kind) {
    case 'extend': {
      const current = s.validUntil ?? now;
      if (cmd.validUntil.getTime() <= current.getTime())
        return new ValidationError('not_later', 'An extension must end after the current end date.', [
          { path: '/validUntil', message: 'not after the current end' },
        ]);
      const bad = badValidUntil(cmd.validUntil, now, maxValidUntil(current));
      if (bad) return bad;
      return [
        {
          type: 'dv.protection_order.extended.v1',
          data: {
            ...ids,
            previousValidUntil: current.toISOString(),
            validUntil: cmd.validUntil.toISOString(),
            at: now.toISOString(),
          },
        },
      ];
    }
    case 'change':
      return [changed(s, cmd.measures, now)];
    case 'revoke':
      return [{ type: 'dv.protection_order.revoked.v1', data: { ...ids, at: now.toISOString() } }];
    default:
      return assertNever(cmd);
  }
}

const PAST = { extend: 'extended', change: 'changed', revoke: 'revoked' } as const;

function badValidUntil(validUntil: Date, now: Date, max: Date): DomainError | undefined {
  if (validUntil.getTime() <= now.getTime())
    return new ValidationError('valid_until_past', 'The order must end in the future.', [
      { path: '/validUntil', message: 'not in the future' },
    ]);
  if (validUntil.getTime() > max.getTime())
    return new ValidationError(
      'valid_until_too_long',
      `A protection order is valid for at most 6 months (ADVL Art. 30): until ${max.toISOString()} at the latest.`,
      [{ path: '/validUntil', message: 'more than 6 months' }],
    );
  return undefined;
}
