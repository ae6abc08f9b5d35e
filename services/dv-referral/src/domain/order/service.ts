import type { FastifyInstance } from 'fastify';
import { eq, sql } from 'drizzle-orm';
import { holds, type Principal } from '@linkage/auth';
import { uuidv7, uuidv7From } from '@linkage/messaging';
import type { Executor } from '@linkage/db';
import type { ReferralRequestedV1 } from '@linkage/contracts';
import {
  audit,
  ForbiddenError,
  loadCalendar,
  noteWorker,
  withAssignees,
  type AssigneeFilter,
} from '@linkage/service-kit';
import {
  claimLapsedOrders,
  claimDueReminders,
  courtsOfCase,
  findOrder,
  lockOrder,
  ordersForCourt,
  referralDeptsOfCase,
} from '../../db/queries.ts';
import { protectionOrders, type ProtectionOrderRow } from '../../db/schema.ts';
import type { DvConfig } from '../../config.ts';
import { isCaseOwner, isCoordinatorFor, isInvolved } from '../access.ts';
import { knownCase, requireKnownCase } from '../cases.ts';
import { checkVersion, emit, found, SYSTEM, type Cause } from '../support.ts';
import { assertRegisterable, partiesView, sealDetails, type RegisteredParties } from './parties.ts';
import {
  decideApply,
  decideExpiry,
  decideExpiryReminder,
  decideOrder,
  type Applicant,
  type Measure,
  type OnBehalfGround,
  type OrderCommand,
  type OrderState,
} from './decide.ts';

const policy = async (c: DvConfig, tx: Executor) => ({
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
 * Consumer effect: for a high-risk DV request whose victim agreed to the court, her own urgent application is
 * prepared with the women's federation's help (ADVL Art. 23: she applies herself; see orderApplicationForRequest).
 * The order id is derived from the request, so a re-sent request files nothing twice.
 */
export async function fileOnHerBehalf(
  app: FastifyInstance,
  config: DvConfig,
  tx: Executor,
  req: ReferralRequestedV1['data'],
  plan: {
    courtDept: string;
    applicant: Applicant;
    measures: Measure[];
    urgent: boolean;
    assistedBy?: 'women_federation';
  },
  cause: Cause,
): Promise<string | null> {
  const now = app.clock();
  const id = uuidv7From(Date.parse(req.requestedAt), `protection-order:${req.requestId}`);
  const filer = { sub: 'system', role: 'wf_caseworker' as const, dept: config.CASE_OWNER_DEPT, streets: [] };
  const events = decideApply(filer, { orderId: id, caseId: req.caseId, ...plan }, now);
  const inserted = await tx
    .insert(protectionOrders)
    .values({
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
    })
    .onConflictDoNothing({ target: protectionOrders.id })
    .returning({ id: protectionOrders.id });
  if (inserted.length === 0) return null;
  await audit(tx, SYSTEM, {
    action: 'protection_order.applied',
    entityType: 'protection_order',
    entityId: id,
    caseId: req.caseId,
    reason: 'high risk, court consent: her own application, with the federation’s help (ADVL Art. 23)',
    details: { courtDept: plan.courtDept, urgent: plan.urgent },
  });
  await emit(app, tx, SYSTEM, req.caseId, events, cause);
  return id;
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
    const events = decideApply(who, { orderId: id, ...body }, now);
    const [row] = await tx
      .insert(protectionOrders)
      .values({
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
      })
      .returning();
    await audit(tx, who, {
      action: 'protection_order.applied',
      entityType: 'protection_order',
      entityId: id,
      caseId: body.caseId,
      details: { courtDept: body.courtDept, urgent: body.urgent },
    });
    await emit(app, tx, who, body.caseId, events);
    return orderView(row!);
  });
}

const toState = (o: ProtectionOrderRow): OrderState => ({
  id: o.id,
  caseId: o.caseId,
  courtDept: o.courtDept,
  measures: o.measures as Measure[],
  urgent: o.urgent,
  status: o.status as OrderState['status'],
  issuedAt: o.ruledAt,
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
  assertRegisterable(cmd.kind, parties);
  return app.store.db.transaction(async (tx) => {
    const o = found(await lockOrder(tx, id), 'The protection order');
    if (who.dept !== o.courtDept)
      throw new ForbiddenError('other_court', 'This application was filed with another court.');
    checkVersion(o, version);
    const d = decideOrder(toState(o), cmd, who, now, await policy(config, tx));
    const [u] = await tx
      .update(protectionOrders)
      .set({
        ...d.patch,
        ...(parties ? { detailsEnc: sealDetails(app, id, o.detailsEnc, parties) } : {}),
        version: sql`${protectionOrders.version} + 1`,
      })
      .where(eq(protectionOrders.id, id))
      .returning();
    // which parties were registered, never who they are
    const registered = parties ? Object.keys(parties) : [];
    await audit(tx, who, {
      action: `protection_order.${cmd.kind}`,
      entityType: 'protection_order',
      entityId: id,
      caseId: o.caseId,
      details: { from: o.status, to: u!.status, ...(registered.length > 0 ? { registered } : {}) },
    });
    await emit(app, tx, who, o.caseId, d.events);
    return { ...orderView(u!), parties: partiesView(app, id, u!.detailsEnc) };
  });
}

/**
 * The court sees its applications; the filing department and the case owner see theirs; coordinators see all. No
 * personal data.
 */
export async function getOrder(app: FastifyInstance, who: Principal, id: string) {
  const o = found(await findOrder(app.store.db, id), 'The protection order');
  const c = await knownCase(app.store.db, o.caseId);
  const street = c ? c.street : null;
  if (isCoordinatorFor(who, street)) return orderView(o);
  // its court, the department that filed it, the case owner — each within its streets
  if (who.role === 'court_clerk' && holds(who, { depts: [o.courtDept], street }))
    return { ...orderView(o), parties: partiesView(app, o.id, o.detailsEnc) };
  if (who.role !== 'coordinator' && holds(who, { depts: [o.appliedByDept], street })) return orderView(o);
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

/**
 * Scheduler tick (ADVL Art. 30): every issued order past its end date becomes `expired`, with
 * `dv.protection_order.expired.v1` dated at its end. Rows claimed with FOR UPDATE SKIP LOCKED.
 */
export async function expireLapsedOrders(app: FastifyInstance, batch = 50): Promise<number> {
  const now = app.clock();
  return app.store.db.transaction(async (tx) => {
    const rows = await claimLapsedOrders(tx, now, batch);
    for (const o of rows) {
      const d = decideExpiry(o, now);
      if (!d) continue;
      await tx
        .update(protectionOrders)
        .set({ ...d.patch, version: sql`${protectionOrders.version} + 1` })
        .where(eq(protectionOrders.id, o.id));
      await audit(tx, SYSTEM, {
        action: 'protection_order.expired',
        entityType: 'protection_order',
        entityId: o.id,
        caseId: o.caseId,
        details: { from: 'issued', to: 'expired' },
      });
      await emit(app, tx, SYSTEM, o.caseId, [d.event], { time: d.at });
    }
    return rows.length;
  });
}

/**
 * Scheduler tick: emit `dv.protection_order.expiring.v1` for every issued order whose reminder
 * is due. Rows are claimed with FOR UPDATE SKIP LOCKED, so several instances never send one twice.
 */
export async function sendDueExpiryReminders(app: FastifyInstance, batch = 50): Promise<number> {
  const now = app.clock();
  return app.store.db.transaction(async (tx) => {
    const rows = await claimDueReminders(tx, now, batch);
    let sent = 0;
    for (const o of rows) {
      const e = decideExpiryReminder(o, now);
      if (!e) continue;
      await tx.update(protectionOrders).set({ remindedAt: now }).where(eq(protectionOrders.id, o.id));
      await emit(app, tx, SYSTEM, o.caseId, [e]);
      sent++;
    }
    return sent;
  });
}
