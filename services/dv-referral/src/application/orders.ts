import type { FastifyInstance } from 'fastify';
import { allows, type Principal } from '@linkage/auth';
import type { Executor } from '@linkage/db';
import type { ReferralRequestedV1 } from '@linkage/contracts';
import { checkVersion, ForbiddenError, found, orThrow, uuidv7, uuidv7From } from '@linkage/domain';
import { emitEvents } from '@linkage/messaging';
import { audit, loadCalendar, noteWorker, withAssignees, type AssigneeFilter } from '@linkage/service-kit';
import { courtsOfCase, referralDeptsOfCase } from '../db/queries/cases.ts';
import { findOrder, insertOrder, lockOrder, ordersForCourt, updateOrder } from '../db/queries/orders.ts';
import type { ProtectionOrderRow } from '../db/schema.ts';
import type { DvConfig } from '../config.ts';
import { HELD_POLICY, isCaseOwner, isCoordinatorFor, isInvolved, ORDER_POLICY, refusal } from '../domain/access.ts';
import { decideApply, type Applicant, type Measure, type OnBehalfGround } from '../domain/order/apply.ts';
import { decideOrder, type OrderCommand, type OrderPolicy, type OrderState } from '../domain/order/decide.ts';
import { orderChange } from '../domain/order/evolve.ts';
import { registrationRefusal, type RegisteredParties } from '../domain/order/parties.ts';
import { knownCase, requireKnownCase } from './cases.ts';
import { eventContext, refuse } from './context.ts';
import { partiesView, sealDetails } from './order-parties.ts';

const orderPolicy = async (c: DvConfig, tx: Executor): Promise<OrderPolicy> => ({
  serveHours: c.ORDER_SERVE_HOURS,
  reminderDays: c.ORDER_REMINDER_DAYS,
  cal: await loadCalendar(tx),
});

export interface ApplyBody {
  caseId: string;
  courtDept: string;
  applicant: Applicant;
  measures: Measure[];
  urgent: boolean;
  onBehalfGround?: OnBehalfGround | undefined;
  herWishes?: boolean | undefined;
  assistedBy?: 'women_federation' | undefined;
  /** Applicant and respondent particulars, facts: personal data, stored encrypted. */
  particulars?: string;
}

export const orderView = (o: ProtectionOrderRow) => ({
  id: o.id,
  caseId: o.caseId,
  courtDept: o.courtDept,
  applicant: o.applicant,
  onBehalfGround: o.onBehalfGround,
  assistedBy: o.assistedBy,
  measures: o.measures,
  urgent: o.urgent,
  status: o.status,
  appliedAt: o.appliedAt.toISOString(),
  acceptedAt: o.acceptedAt?.toISOString() ?? null,
  ruleBy: o.ruleBy?.toISOString() ?? null,
  ruledAt: o.ruledAt?.toISOString() ?? null,
  validUntil: o.validUntil?.toISOString() ?? null,
  reconsiderBy: o.reconsiderBy?.toISOString() ?? null,
  reasonCode: o.reasonCode,
  served: o.served,
  reconsideration: o.reconsideration,
  reconsiderationDecideBy: o.reconsiderationDecideBy?.toISOString() ?? null,
  version: o.version,
});

/**
 * Consumer effect, planned in memory: for a high-risk DV request whose victim agreed to the court, her own urgent
 * application is prepared with the women's federation's help (ADVL Art. 23: she applies herself; see
 * orderApplicationForRequest). The order id is derived from the request, so a re-sent request files nothing twice:
 * the caller inserts the row unless its id exists, and only then writes its audit row and events.
 */
export function planHerApplication(
  config: DvConfig,
  req: ReferralRequestedV1['data'],
  plan: {
    courtDept: string;
    applicant: Applicant;
    measures: Measure[];
    urgent: boolean;
    assistedBy?: 'women_federation';
  },
  now: Date,
) {
  const id = uuidv7From(Date.parse(req.requestedAt), `protection-order:${req.requestId}`);
  // prepared by the owning unit's caseworkers; the system files it (and is the events' actor)
  const filer = { role: 'wf_caseworker' as const, dept: config.CASE_OWNER_DEPT };
  const emits = orThrow(decideApply(filer, { orderId: id, caseId: req.caseId, ...plan }, now));
  return {
    row: {
      id,
      caseId: req.caseId,
      courtDept: plan.courtDept,
      applicant: plan.applicant,
      assistedBy: plan.assistedBy ?? null,
      measures: plan.measures,
      urgent: plan.urgent,
      detailsEnc: null,
      appliedByDept: config.CASE_OWNER_DEPT,
      appliedAt: now,
    },
    audit: {
      action: 'protection_order.applied',
      entityType: 'protection_order',
      entityId: id,
      caseId: req.caseId,
      reason: 'high risk, court consent: her own application, with the federation’s help (ADVL Art. 23)',
      details: { courtDept: plan.courtDept, urgent: plan.urgent },
    },
    emits,
  };
}

/** File a protection-order application with a court (ADVL Art. 23). */
export async function applyForOrder(app: FastifyInstance, who: Principal, body: ApplyBody) {
  const now = app.clock();
  return app.store.db.transaction(async (tx) => {
    // Only on a case dv-referral knows (404 otherwise), by someone working it: the owning unit's
    // caseworkers, a police station it was referred to, or a clerk at the counter of the court applied to.
    const c = await requireKnownCase(tx, body.caseId);
    const [received, courts] = await Promise.all([referralDeptsOfCase(tx, body.caseId), courtsOfCase(tx, body.caseId)]);
    if (!isInvolved(who, c, received, [...courts, body.courtDept]))
      throw new ForbiddenError(
        'not_involved',
        'Only the departments working this case file a protection-order application for it.',
      );
    const id = uuidv7(now.getTime());
    const events = orThrow(decideApply(who, { orderId: id, ...body }, now));
    const row = await insertOrder(tx, {
      id,
      caseId: body.caseId,
      courtDept: body.courtDept,
      applicant: body.applicant,
      onBehalfGround: body.onBehalfGround ?? null,
      assistedBy: body.assistedBy ?? null,
      measures: body.measures,
      urgent: body.urgent,
      detailsEnc: app.cipher.encryptOptional(body.particulars, id),
      appliedByDept: who.dept,
      appliedAt: now,
    });
    await audit(tx, who, {
      action: 'protection_order.applied',
      entityType: 'protection_order',
      entityId: id,
      caseId: body.caseId,
      details: { courtDept: body.courtDept, urgent: body.urgent },
    });
    await emitEvents(tx, events, eventContext(app, who, body.caseId, now));
    return orderView(found(row, 'The new protection order'));
  });
}

const orderState = (o: ProtectionOrderRow): OrderState => ({
  id: o.id,
  caseId: o.caseId,
  courtDept: o.courtDept,
  measures: o.measures as Measure[],
  urgent: o.urgent,
  status: o.status as OrderState['status'],
  validUntil: o.validUntil,
  reconsiderBy: o.reconsiderBy,
  served: o.served,
  reconsideration: o.reconsideration,
});

/** The court's decisions on an order: accept, issue, reject, serve, reconsideration, extend, change, revoke. */
export async function actOnOrder(
  app: FastifyInstance,
  config: DvConfig,
  who: Principal,
  id: string,
  cmd: OrderCommand,
  version: number,
  parties?: RegisteredParties,
) {
  const now = app.clock();
  refuse(registrationRefusal(cmd.kind, parties));
  return app.store.db.transaction(async (tx) => {
    const o = found(await lockOrder(tx, id), 'The protection order');
    // who may not act on it learns nothing about its version
    refuse(
      refusal(
        HELD_POLICY,
        who,
        'court',
        { dept: o.courtDept },
        'other_court',
        'This application was filed with another court.',
      ),
    );
    checkVersion(o, version);
    const p = await orderPolicy(config, tx);
    const events = orThrow(decideOrder(orderState(o), cmd, who, now, p));
    const u = await updateOrder(tx, id, {
      ...orderChange(events, o.served, p.reminderDays),
      ...(parties ? { detailsEnc: sealDetails(app, id, o.detailsEnc, parties) } : {}),
    });
    // which parties were registered, never who they are
    const registered = parties ? Object.keys(parties) : [];
    await audit(tx, who, {
      action: `protection_order.${cmd.kind}`,
      entityType: 'protection_order',
      entityId: id,
      caseId: o.caseId,
      details: { from: o.status, to: u.status, ...(registered.length > 0 ? { registered } : {}) },
    });
    await emitEvents(tx, events, eventContext(app, who, o.caseId, now));
    return { ...orderView(u), parties: partiesView(app, id, u.detailsEnc) };
  });
}

/**
 * The court sees its applications; the filing department and the case owner see theirs; coordinators see all. No
 * personal data.
 */
export async function getOrder(app: FastifyInstance, who: Principal, id: string) {
  const o = found(await findOrder(app.store.db, id), 'The protection order');
  const c = await knownCase(app.store.db, o.caseId);
  const access = { courtDept: o.courtDept, appliedByDept: o.appliedByDept, street: c ? c.street : null };
  if (isCoordinatorFor(who, access.street)) return orderView(o);
  // its court, the department that filed it, the case owner — each within its streets
  if (allows(ORDER_POLICY, who, 'court', access))
    return { ...orderView(o), parties: partiesView(app, o.id, o.detailsEnc) };
  if (allows(ORDER_POLICY, who, 'filer', access)) return orderView(o);
  if (c && isCaseOwner(who, c)) return orderView(o);
  throw new ForbiddenError('other_department', 'This protection order concerns another department.');
}

export async function listCourtOrders(app: FastifyInstance, who: Principal, assignee?: AssigneeFilter) {
  await noteWorker(app.store.db, who, app.clock()); // the court's clerk becomes assignable here
  return withAssignees(
    app.store.db,
    'protection_order',
    who,
    (await ordersForCourt(app.store.db, who.dept)).map(orderView),
    assignee,
  );
}
