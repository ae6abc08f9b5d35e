import type { FastifyInstance } from 'fastify';
import type { Executor } from '@linkage/db';
import type { DvDepartment, ReferralRequestedV1, RiskLevel, SafeguardingRaisedV1 } from '@linkage/contracts';
import type { Principal } from '@linkage/auth';
import { checkVersion, ForbiddenError, found, orThrow, uuidv7 } from '@linkage/domain';
import { emitEvents } from '@linkage/messaging';
import { audit } from '@linkage/service-kit';
import { ensureCase, findCase, findIntakeCase } from '../db/queries/cases.ts';
import { findReferral, insertReferralIfNew, lockReferral, updateReferral } from '../db/queries/referrals.ts';
import type { ReferralRow } from '../db/schema.ts';
import type { DvConfig } from '../config.ts';
import { isCaseOwner, isReceiver } from '../domain/access.ts';
import {
  decideCreateReferral,
  decideReferral,
  orderApplicationForRequest,
  referralCreated,
  referralForSafeguarding,
  referralsForRequest,
  STATUS_AFTER,
  type AcceptancePolicy,
  type NewReferral,
  type ReferralCommand,
  type ReferralOrigin,
  type ReferralState,
} from '../domain/referral/decide.ts';
import { requireKnownCase } from './cases.ts';
import { causedBy, eventContext, SYSTEM, type Cause } from './context.ts';
import { planHerApplication } from './orders.ts';
import { baseView } from './referral-views.ts';

export const acceptancePolicy = (c: DvConfig): AcceptancePolicy => ({
  defaultHours: c.ACCEPT_HOURS_DEFAULT,
  highRiskHours: c.ACCEPT_HOURS_HIGH_RISK,
});

interface Origin extends ReferralOrigin {
  safeguardingId?: string | null;
  createdByDept?: string | null;
  contact?: Record<string, string> | undefined;
  note?: string | undefined;
}

/** A new referral's row (its id new, its contact and note encrypted under it). */
function referralRowOf(app: FastifyInstance, o: Origin, r: NewReferral, now: Date) {
  const id = uuidv7(now.getTime());
  return {
    id,
    caseId: o.caseId,
    requestId: o.requestId ?? null,
    safeguardingId: o.safeguardingId ?? null,
    department: r.department,
    assignedDept: r.assignedDept,
    riskLevel: o.riskLevel,
    street: o.street,
    acceptBy: r.acceptBy,
    contactEnc: o.contact ? app.cipher.encrypt(JSON.stringify(o.contact), id) : null,
    noteEnc: app.cipher.encryptOptional(o.note, id),
    createdByDept: o.createdByDept ?? null,
    createdAt: now,
    updatedAt: now,
  };
}

/** Insert one referral (idempotent by its natural key) and, if new, its `dv.referral.created.v1`. */
async function createReferralRow(
  app: FastifyInstance,
  tx: Executor,
  actor: { role: string; dept: string },
  o: Origin,
  r: NewReferral,
  now: Date,
  cause: Cause,
): Promise<string | null> {
  const row = referralRowOf(app, o, r, now);
  const created = await insertReferralIfNew(tx, row);
  if (!created) return null; // already created from this request (a replay): nothing twice
  await emitEvents(tx, [referralCreated(row.id, o, r, now)], eventContext(app, actor, o.caseId, now, cause));
  return row.id;
}

/**
 * The unit that owns the case as intake announced it (case.opened precedes its requests on the partition); else the
 * configured default.
 */
const ownerOf = async (tx: Executor, config: DvConfig, caseId: string): Promise<string> =>
  (await findIntakeCase(tx, caseId))?.ownerDept ?? config.CASE_OWNER_DEPT;

/**
 * Consumer effect, planned in memory (see applyIntakeBatch, which writes a batch's plans together): one intake
 * referral request becomes the DV part of its case (if new), referrals (each unless its natural key exists: a replayed
 * request writes nothing twice), each announced by an event, and her court application. Null: nothing to do (not a
 * DV request).
 */
export function planReferralRequest(app: FastifyInstance, config: DvConfig, event: ReferralRequestedV1, now: Date) {
  const d = event.data;
  const news = referralsForRequest(d, now, acceptancePolicy(config), config.SHELTER_DEPT, config.COUNSELLING_DEPT);
  if (news.length === 0) return null;
  const origin = { caseId: d.caseId, riskLevel: d.riskLevel, street: d.street, requestId: d.requestId };
  const order = orderApplicationForRequest(d, config.COURT_DEPT);
  return {
    dvCase: { caseId: d.caseId, riskLevel: d.riskLevel, street: d.street, createdAt: now },
    referrals: news.map((r) => {
      const row = referralRowOf(app, origin, r, now);
      return { row, created: referralCreated(row.id, origin, r, now) };
    }),
    order: order && planHerApplication(config, d, order, now),
    ctx: eventContext(app, SYSTEM, d.caseId, now, causedBy(event)),
  };
}

/** Consumer effect: an elder-care safeguarding concern becomes a police DV referral (idempotent by safeguardingId). */
export async function onSafeguardingRaised(
  app: FastifyInstance,
  config: DvConfig,
  event: SafeguardingRaisedV1,
  tx: Executor,
): Promise<void> {
  const now = app.clock();
  const d = event.data;
  await ensureCase(tx, {
    caseId: d.caseId,
    ownerDept: await ownerOf(tx, config, d.caseId),
    riskLevel: d.riskLevel,
    street: d.street,
    createdAt: now,
  });
  await createReferralRow(
    app,
    tx,
    SYSTEM,
    { caseId: d.caseId, riskLevel: d.riskLevel, street: d.street, safeguardingId: d.safeguardingId },
    referralForSafeguarding(d.street, d.riskLevel, now, acceptancePolicy(config)),
    now,
    causedBy(event),
  );
}

export interface CreateReferralBody {
  caseId: string;
  department: DvDepartment;
  assignedDept: string;
  riskLevel: RiskLevel;
  street?: string | null;
  contact?: Record<string, string>;
  note?: string;
}

/** A caseworker refers a case to any department directly. */
export async function createReferral(app: FastifyInstance, config: DvConfig, who: Principal, body: CreateReferralBody) {
  const now = app.clock();
  return app.store.db.transaction(async (tx) => {
    // Only a case intake announced (or whose DV part exists): an unknown id is a 404 and nothing is written.
    const known = await requireKnownCase(tx, body.caseId);
    const existing = await findCase(tx, body.caseId);
    const r = orThrow(
      decideCreateReferral(
        who,
        existing ?? { ownerDept: known.ownerDept, street: known.street, status: 'open' },
        body,
        now,
        acceptancePolicy(config),
      ),
    );
    if (!existing)
      await ensureCase(tx, {
        caseId: body.caseId,
        ownerDept: known.ownerDept ?? config.CASE_OWNER_DEPT,
        riskLevel: body.riskLevel,
        street: known.street,
        createdAt: now,
      });
    const origin = {
      caseId: body.caseId,
      riskLevel: body.riskLevel,
      street: body.street ?? known.street,
      createdByDept: who.dept,
      contact: body.contact,
      note: body.note,
    };
    // a direct referral has no request id, so its natural key never collides: it is always new
    const id = found(await createReferralRow(app, tx, who, origin, r, now, {}), 'The new referral');
    await audit(tx, who, {
      action: 'referral.created',
      entityType: 'referral',
      entityId: id,
      caseId: body.caseId,
      details: { department: r.department, assignedDept: r.assignedDept },
    });
    return baseView(found(await findReferral(tx, id), 'The new referral'));
  });
}

/** Accept / decline / start / complete (receiving department) or withdraw (case owner). */
export async function actOnReferral(
  app: FastifyInstance,
  config: DvConfig,
  who: Principal,
  id: string,
  cmd: ReferralCommand,
  version: number,
  reason?: string,
) {
  const now = app.clock();
  return app.store.db.transaction(async (tx) => {
    const row = found(await lockReferral(tx, id), 'The referral');
    const dvCase = await findCase(tx, row.caseId);
    // Who may not see it learns nothing about its version.
    if (!isReceiver(who, row) && !(dvCase && isCaseOwner(who, dvCase)))
      throw new ForbiddenError('other_department', 'This referral was sent to another department.');
    checkVersion(row, version);
    const events = orThrow(
      decideReferral(referralState(row), cmd, who, {
        now,
        rerouteHours: config.REROUTE_HOURS,
        caseOwnerDept: dvCase?.ownerDept ?? config.CASE_OWNER_DEPT,
        caseStreet: dvCase?.street ?? row.street,
      }),
    );
    const status = STATUS_AFTER[cmd.kind];
    const updated = await updateReferral(tx, id, {
      status,
      updatedAt: now,
      ...('reasonCode' in cmd ? { reasonCode: cmd.reasonCode, reasonEnc: app.cipher.encryptOptional(reason, id) } : {}),
    });
    await audit(tx, who, {
      action: `referral.${cmd.kind}`,
      entityType: 'referral',
      entityId: id,
      caseId: row.caseId,
      reason: 'reasonCode' in cmd ? cmd.reasonCode : null,
      details: { from: row.status, to: status },
    });
    await emitEvents(tx, events, eventContext(app, who, row.caseId, now));
    return baseView(updated);
  });
}

/** A referral row as the decide functions see it. */
export const referralState = (r: ReferralRow): ReferralState => ({
  id: r.id,
  caseId: r.caseId,
  department: r.department as DvDepartment,
  assignedDept: r.assignedDept,
  street: r.street,
  status: r.status as ReferralState['status'],
});
