import type {
  PO_APPLICANTS,
  PO_MEASURES,
  PO_ON_BEHALF_GROUNDS,
  PO_REJECT_REASONS,
  PO_SERVICE_PARTIES,
} from '@linkage/contracts';
import { ConflictError, ForbiddenError, ValidationError, type Calendar } from '@linkage/service-kit';
import { deptKind } from '../access.ts';
import { addHours, maxValidUntil, reconsiderationDecideBy, reconsiderBy, remindAt, ruleBy } from '../clocks.ts';
import { assertNever, type Actor, type Emit } from '../emit.ts';

export type Applicant = (typeof PO_APPLICANTS)[number];
export type Measure = (typeof PO_MEASURES)[number];
export type ServiceParty = (typeof PO_SERVICE_PARTIES)[number];
export type RejectReason = (typeof PO_REJECT_REASONS)[number];
export type OnBehalfGround = (typeof PO_ON_BEHALF_GROUNDS)[number];
/** 法释〔2022〕17号 Art. 2: these grounds allow an application on her behalf only according to her wishes. */
const BY_HER_WISHES: readonly OnBehalfGround[] = ['old_age', 'disability', 'serious_illness'];
export type OrderStatus = 'applied' | 'accepted' | 'issued' | 'rejected' | 'revoked' | 'expired';

/** Who may file an application into the system (the applicant is recorded separately, Art. 23). */
export const FILERS = ['wf_caseworker', 'police_officer', 'court_clerk'] as const;

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
  issuedAt: Date | null;
  validUntil: Date | null;
  reconsiderBy: Date | null;
  served: Record<string, string>;
  reconsideration: string | null;
  reconsiderationRequestedBy?: string | null;
}

export interface ApplyInput {
  orderId: string;
  caseId: string;
  courtDept: string;
  applicant: Applicant;
  measures: Measure[];
  urgent: boolean;
  /** Art. 23 / 法释〔2022〕17号 Art. 2: why she cannot apply herself (required when someone applies on her behalf). */
  onBehalfGround?: OnBehalfGround | null | undefined;
  /** 法释〔2022〕17号 Art. 2: she wants the order (required for old age, disability or serious illness). */
  herWishes?: boolean | undefined;
  /** She applies herself with the women's federation's help. */
  assistedBy?: 'women_federation' | null | undefined;
}

/**
 * ADVL Art. 23: she applies herself; someone applies on her behalf only when she has no or limited civil capacity or
 * cannot apply because of coercion, intimidation or the like — and (法释〔2022〕17号 Art. 2) old age, disability or
 * serious illness, according to her wishes. A capable woman who wants an order applies herself, with help (409
 * otherwise).
 */
export function checkStanding(i: Pick<ApplyInput, 'applicant' | 'onBehalfGround' | 'herWishes'>): void {
  if (i.applicant === 'victim') {
    if (i.onBehalfGround)
      throw new ValidationError('ground_without_representative', 'She applies herself: no on-behalf ground.', [
        { path: '/onBehalfGround', message: 'only for an application on her behalf' },
      ]);
    return;
  }
  if (!i.onBehalfGround) {
    throw new ConflictError(
      'no_standing_on_her_behalf',
      "ADVL Art. 23: an application on her behalf needs a ground — no or limited civil capacity, coercion or intimidation, or (SPC 2022 Art. 2) old age, disability or serious illness. A capable woman applies herself, with the federation's help (applicant `victim`).",
    );
  }
  if (BY_HER_WISHES.includes(i.onBehalfGround) && i.herWishes !== true) {
    throw new ConflictError(
      'not_her_wish',
      'SPC 法释〔2022〕17号 Art. 2: on the grounds of old age, disability or serious illness an application is filed on her behalf only according to her wishes.',
    );
  }
}

/** ADVL Art. 23 application: by the victim or on her behalf; measures from Art. 29; urgent or not. */
export function decideApply(actor: Actor, input: ApplyInput, now: Date): Emit[] {
  if (!(FILERS as readonly string[]).includes(actor.role))
    throw new ForbiddenError('not_allowed', 'Not allowed to file a protection-order application.');
  if (deptKind(input.courtDept) !== 'court')
    throw new ValidationError('not_a_court', `${input.courtDept} is not a court.`, [
      { path: '/courtDept', message: 'must be a court' },
    ]);
  if (actor.role === 'court_clerk' && actor.dept !== input.courtDept)
    throw new ForbiddenError('other_court', 'A clerk registers applications to their own court.');
  if (actor.role === 'police_officer' && input.applicant !== 'police' && input.applicant !== 'victim')
    throw new ValidationError(
      'applicant_mismatch',
      'The police file on their own behalf or record the victim’s application.',
      [{ path: '/applicant', message: 'not for this filer' }],
    );
  checkStanding(input);
  return [
    {
      type: 'dv.protection_order.applied.v1',
      data: {
        orderId: input.orderId,
        caseId: input.caseId,
        courtDept: input.courtDept,
        applicant: input.applicant,
        measures: input.measures,
        urgent: input.urgent,
        appliedAt: now.toISOString(),
        onBehalfGround: input.onBehalfGround ?? null,
        assistedBy: input.assistedBy ?? null,
      },
    },
  ];
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

/** What a decision changes on the order row, and the events it emits. */
export interface OrderDecision {
  patch: Partial<{
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
  events: Emit[];
}

const inForce = (s: OrderState, now: Date, what: string) => {
  if (s.status !== 'issued')
    throw new ConflictError('order_not_in_force', `Only an issued order can be ${what}; this one is ${s.status}.`);
  if (!s.validUntil || s.validUntil.getTime() <= now.getTime())
    throw new ConflictError('order_expired', `The order has expired; it can no longer be ${what}.`);
};

/** The court's side of a protection order (Arts. 28–32). */
export function decideOrder(s: OrderState, cmd: OrderCommand, actor: Actor, now: Date, p: OrderPolicy): OrderDecision {
  if (actor.role !== 'court_clerk' || actor.dept !== s.courtDept)
    throw new ForbiddenError('other_court', 'This application was filed with another court.');
  const ids = { orderId: s.id, caseId: s.caseId };
  const iso = now.toISOString();
  switch (cmd.kind) {
    case 'accept': {
      if (s.status !== 'applied')
        throw new ConflictError('illegal_transition', `A ${s.status} application cannot be accepted.`);
      const by = ruleBy(now, s.urgent);
      return {
        patch: { status: 'accepted', acceptedAt: now, ruleBy: by },
        events: [
          {
            type: 'dv.protection_order.accepted.v1',
            data: { ...ids, courtDept: s.courtDept, urgent: s.urgent, acceptedAt: iso, ruleBy: by.toISOString() },
          },
        ],
      };
    }
    case 'issue': {
      if (s.status !== 'accepted')
        throw new ConflictError(
          'illegal_transition',
          `Only an accepted application can be ruled on; this one is ${s.status}.`,
        );
      checkValidUntil(cmd.validUntil, now, maxValidUntil(now));
      const measures = cmd.measures ?? s.measures;
      const rb = reconsiderBy(now, p.cal);
      return {
        patch: {
          status: 'issued',
          ruledAt: now,
          measures,
          validUntil: cmd.validUntil,
          reconsiderBy: rb,
          remindAt: remindAt(cmd.validUntil, p.reminderDays, now),
          remindedAt: null,
        },
        events: [
          {
            type: 'dv.protection_order.issued.v1',
            data: {
              ...ids,
              courtDept: s.courtDept,
              measures,
              issuedAt: iso,
              validUntil: cmd.validUntil.toISOString(),
              serveBy: addHours(now, p.serveHours).toISOString(),
              reconsiderBy: rb.toISOString(),
            },
          },
        ],
      };
    }
    case 'reject': {
      if (s.status !== 'accepted')
        throw new ConflictError(
          'illegal_transition',
          `Only an accepted application can be ruled on; this one is ${s.status}.`,
        );
      const rb = reconsiderBy(now, p.cal);
      return {
        patch: { status: 'rejected', ruledAt: now, reasonCode: cmd.reasonCode, reconsiderBy: rb },
        events: [
          {
            type: 'dv.protection_order.rejected.v1',
            data: {
              ...ids,
              courtDept: s.courtDept,
              reasonCode: cmd.reasonCode,
              rejectedAt: iso,
              reconsiderBy: rb.toISOString(),
            },
          },
        ],
      };
    }
    case 'serve': {
      if (s.status !== 'issued')
        throw new ConflictError('order_not_issued', `Only an issued order is served; this one is ${s.status}.`);
      if (s.served[cmd.party]) throw new ConflictError('already_served', `Already served on the ${cmd.party}.`);
      const served = { ...s.served, [cmd.party]: iso };
      const fullyServed = ['applicant', 'respondent', 'police', 'committee'].every((k) => served[k]);
      return {
        patch: { served },
        events: [
          { type: 'dv.protection_order.served.v1', data: { ...ids, party: cmd.party, servedAt: iso, fullyServed } },
        ],
      };
    }
    case 'request_reconsideration': {
      if (s.status !== 'issued' && s.status !== 'rejected')
        throw new ConflictError('not_ruled', 'Only a ruling can be reconsidered.');
      if (s.reconsideration) throw new ConflictError('already_requested', 'Reconsideration was already requested.');
      if (!s.reconsiderBy || now.getTime() > s.reconsiderBy.getTime())
        throw new ConflictError(
          'reconsideration_period_over',
          'Reconsideration must be requested within 5 days of the ruling (ADVL Art. 31).',
        );
      // Art. 31: 申请人对驳回申请不服或者被申请人对人身安全保护令不服 — the party the ruling went against.
      const aggrieved = s.status === 'rejected' ? 'applicant' : 'respondent';
      if (cmd.requestedBy !== aggrieved) {
        throw new ConflictError(
          'not_the_aggrieved_party',
          `ADVL Art. 31: reconsideration of ${s.status === 'rejected' ? 'a rejection is for the applicant' : 'an order is for the respondent'}.`,
        );
      }
      const decideBy = reconsiderationDecideBy(now, p.cal);
      // The order stays in force while it is reconsidered (Art. 31).
      return {
        patch: { reconsideration: 'pending', reconsiderationDecideBy: decideBy },
        events: [
          {
            type: 'dv.protection_order.reconsideration_requested.v1',
            data: {
              ...ids,
              requestedBy: cmd.requestedBy,
              requestedAt: iso,
              decideBy: decideBy.toISOString(),
              courtDept: s.courtDept,
            },
          },
        ],
      };
    }
    case 'decide_reconsideration': {
      if (s.reconsideration !== 'pending')
        throw new ConflictError('no_reconsideration_pending', 'No reconsideration is pending on this ruling.');
      const decided: Emit = {
        type: 'dv.protection_order.reconsideration_decided.v1',
        data: { ...ids, outcome: cmd.outcome, decidedAt: iso },
      };
      if (cmd.outcome === 'upheld')
        return { patch: { reconsideration: 'upheld', reconsiderationDecideBy: null }, events: [decided] };
      if (s.status === 'rejected') {
        // the rejection is set aside: the court rules on the application again (Art. 28 clock)
        if (cmd.outcome === 'changed')
          throw new ValidationError(
            'cannot_change_rejection',
            'A rejection is upheld or revoked; after revoking, issue the order.',
            [{ path: '/outcome', message: 'upheld or revoked' }],
          );
        const by = ruleBy(now, s.urgent);
        return {
          patch: {
            reconsideration: 'revoked',
            reconsiderationDecideBy: null,
            status: 'accepted',
            acceptedAt: now,
            ruleBy: by,
          },
          events: [
            decided,
            {
              type: 'dv.protection_order.accepted.v1',
              data: { ...ids, courtDept: s.courtDept, urgent: s.urgent, acceptedAt: iso, ruleBy: by.toISOString() },
            },
          ],
        };
      }
      if (cmd.outcome === 'revoked') {
        return {
          patch: { reconsideration: 'revoked', reconsiderationDecideBy: null, status: 'revoked', remindAt: null },
          events: [decided, { type: 'dv.protection_order.revoked.v1', data: { ...ids, at: iso } }],
        };
      }
      if (!cmd.measures)
        throw new ValidationError('measures_required', 'A changed order states its measures.', [
          { path: '/measures', message: 'required when changed' },
        ]);
      return {
        patch: { reconsideration: 'changed', reconsiderationDecideBy: null, measures: cmd.measures },
        events: [
          decided,
          {
            type: 'dv.protection_order.changed.v1',
            data: { ...ids, measures: cmd.measures, validUntil: s.validUntil!.toISOString(), at: iso },
          },
        ],
      };
    }
    case 'extend': {
      inForce(s, now, 'extended');
      const current = s.validUntil!;
      if (cmd.validUntil.getTime() <= current.getTime())
        throw new ValidationError('not_later', 'An extension must end after the current end date.', [
          { path: '/validUntil', message: 'not after the current end' },
        ]);
      checkValidUntil(cmd.validUntil, now, maxValidUntil(current));
      return {
        patch: {
          validUntil: cmd.validUntil,
          remindAt: remindAt(cmd.validUntil, p.reminderDays, now),
          remindedAt: null,
        },
        events: [
          {
            type: 'dv.protection_order.extended.v1',
            data: {
              ...ids,
              previousValidUntil: current.toISOString(),
              validUntil: cmd.validUntil.toISOString(),
              at: iso,
            },
          },
        ],
      };
    }
    case 'change': {
      inForce(s, now, 'changed');
      return {
        patch: { measures: cmd.measures },
        events: [
          {
            type: 'dv.protection_order.changed.v1',
            data: { ...ids, measures: cmd.measures, validUntil: s.validUntil!.toISOString(), at: iso },
          },
        ],
      };
    }
    case 'revoke': {
      inForce(s, now, 'revoked');
      return {
        patch: { status: 'revoked', remindAt: null },
        events: [{ type: 'dv.protection_order.revoked.v1', data: { ...ids, at: iso } }],
      };
    }
    default:
      return assertNever(cmd);
  }
}

function checkValidUntil(validUntil: Date, now: Date, max: Date): void {
  if (validUntil.getTime() <= now.getTime())
    throw new ValidationError('valid_until_past', 'The order must end in the future.', [
      { path: '/validUntil', message: 'not in the future' },
    ]);
  if (validUntil.getTime() > max.getTime())
    throw new ValidationError(
      'valid_until_too_long',
      `A protection order is valid for at most 6 months (ADVL Art. 30): until ${max.toISOString()} at the latest.`,
      [{ path: '/validUntil', message: 'more than 6 months' }],
    );
}

/**
 * Art. 30: an issued order whose `validUntil` has passed lapses — `expired`, an event dated at its end, not a breach.
 */
export function decideExpiry(
  s: { id: string; caseId: string; courtDept: string; status: string; validUntil: Date | null },
  now: Date,
): { patch: { status: 'expired'; remindAt: null }; event: Emit; at: Date } | null {
  if (s.status !== 'issued' || !s.validUntil || s.validUntil.getTime() > now.getTime()) return null;
  return {
    patch: { status: 'expired', remindAt: null },
    event: {
      type: 'dv.protection_order.expired.v1',
      data: {
        orderId: s.id,
        caseId: s.caseId,
        courtDept: s.courtDept,
        validUntil: s.validUntil.toISOString(),
        expiredAt: s.validUntil.toISOString(),
      },
    },
    at: s.validUntil,
  };
}

/** Scheduler: is the expiry reminder of this order due? Then the event to emit. */
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
): Emit | null {
  if (s.status !== 'issued' || !s.validUntil || !s.remindAt || s.remindedAt) return null;
  if (s.remindAt.getTime() > now.getTime()) return null;
  return {
    type: 'dv.protection_order.expiring.v1',
    data: { orderId: s.id, caseId: s.caseId, courtDept: s.courtDept, validUntil: s.validUntil.toISOString() },
  };
}
