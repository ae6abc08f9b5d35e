import type { FastifyInstance } from 'fastify';
import type { Executor } from '@linkage/db';
import type { DvDepartment, ReferralRequestedV1, RiskLevel, SafeguardingRaisedV1 } from '@linkage/contracts';
import { uuidv7 } from '@linkage/messaging';
import type { Principal } from '@linkage/auth';
import { audit, ForbiddenError, noteWorker, withAssignees, type AssigneeFilter } from '@linkage/service-kit';
import {
  ensureCase,
  findCase,
  findIntakeCase,
  findReferral,
  insertReferralIfNew,
  lockReferral,
  referralsForDept,
  referralsOfCase,
  updateReferral,
} from '../../db/queries.ts';
import type { ReferralRow } from '../../db/schema.ts';
import type { DvConfig } from '../../config.ts';
import { isCaseOwner, isCoordinatorFor, isReceiver, VISIBLE_FIELDS } from '../access.ts';
import { requireKnownCase } from '../cases.ts';
import { streetFilter } from '@linkage/auth';
import type { Emit } from '../emit.ts';
import { checkVersion, emit, found, SYSTEM, type Cause } from '../support.ts';
import { fileOnHerBehalf } from '../order/service.ts';
import {
  decideCreateReferral,
  decideReferral,
  orderApplicationForRequest,
  referralForSafeguarding,
  referralsForRequest,
  type AcceptancePolicy,
  type NewReferral,
  type ReferralCommand,
  type ReferralState,
} from './decide.ts';

export const acceptancePolicy = (c: DvConfig): AcceptancePolicy => ({
  defaultHours: c.ACCEPT_HOURS_DEFAULT,
  highRiskHours: c.ACCEPT_HOURS_HIGH_RISK,
});

interface Origin {
  caseId: string;
  riskLevel: RiskLevel;
  street: string | null;
  requestId?: string | null;
  safeguardingId?: string | null;
  createdByDept?: string | null;
  contact?: Record<string, string> | undefined;
  note?: string | undefined;
}

/** Insert one referral (idempotent by its natural key) and, if new, its `dv.referral.created.v1`. */
async function createReferralRow(
  app: FastifyInstance,
  tx: Executor,
  actor: { role: string; dept: string },
  o: Origin,
  r: NewReferral,
  cause: Cause,
): Promise<string | null> {
  const now = app.clock();
  const id = uuidv7(now.getTime());
  const created = await insertReferralIfNew(tx, {
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
  });
  if (!created) return null; // already created from this request (a replay): nothing twice
  const event: Emit = {
    type: 'dv.referral.created.v1',
    data: {
      referralId: id,
      caseId: o.caseId,
      requestId: o.requestId ?? null,
      department: r.department,
      assignedDept: r.assignedDept,
      riskLevel: o.riskLevel,
      street: o.street as never,
      acceptBy: r.acceptBy.toISOString(),
      createdAt: now.toISOString(),
    },
  };
  await emit(app, tx, actor, o.caseId, [event], cause);
  return id;
}

/**
 * The unit that owns the case as intake announced it (case.opened precedes its requests on the partition); else the
 * configured default.
 */
const ownerOf = async (tx: Executor, config: DvConfig, caseId: string): Promise<string> =>
  (await findIntakeCase(tx, caseId))?.ownerDept ?? config.CASE_OWNER_DEPT;

/** Consumer effect: one intake referral request becomes referrals, each announced by an event (same transaction). */
export async function onReferralRequested(
  app: FastifyInstance,
  config: DvConfig,
  event: ReferralRequestedV1,
  tx: Executor,
): Promise<void> {
  const now = app.clock();
  const d = event.data;
  const news = referralsForRequest(d, now, acceptancePolicy(config), config.SHELTER_DEPT, config.COUNSELLING_DEPT);
  if (news.length === 0) return;
  await ensureCase(tx, {
    caseId: d.caseId,
    ownerDept: await ownerOf(tx, config, d.caseId),
    riskLevel: d.riskLevel,
    street: d.street,
    createdAt: now,
  });
  const cause = { correlationid: event.correlationid, causationid: event.id };
  for (const r of news) {
    await createReferralRow(
      app,
      tx,
      SYSTEM,
      { caseId: d.caseId, riskLevel: d.riskLevel, street: d.street, requestId: d.requestId },
      r,
      cause,
    );
  }
  const order = orderApplicationForRequest(d, config.COURT_DEPT);
  if (order) await fileOnHerBehalf(app, config, tx, d, order, cause);
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
    { correlationid: event.correlationid, causationid: event.id },
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
    const r = decideCreateReferral(
      who,
      existing ?? { ownerDept: known.ownerDept, street: known.street, status: 'open' },
      body,
      now,
      acceptancePolicy(config),
    );
    if (!existing)
      await ensureCase(tx, {
        caseId: body.caseId,
        ownerDept: known.ownerDept ?? config.CASE_OWNER_DEPT,
        riskLevel: body.riskLevel,
        street: known.street,
        createdAt: now,
      });
    const id = await createReferralRow(
      app,
      tx,
      who,
      {
        caseId: body.caseId,
        riskLevel: body.riskLevel,
        street: body.street ?? known.street,
        createdByDept: who.dept,
        contact: body.contact,
        note: body.note,
      },
      r,
      {},
    );
    await audit(tx, who, {
      action: 'referral.created',
      entityType: 'referral',
      entityId: id!,
      caseId: body.caseId,
      details: { department: r.department, assignedDept: r.assignedDept },
    });
    return baseView((await findReferral(tx, id!))!);
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
    const d = decideReferral(toState(row), cmd, who, {
      now,
      rerouteHours: config.REROUTE_HOURS,
      caseOwnerDept: dvCase?.ownerDept ?? config.CASE_OWNER_DEPT,
      caseStreet: dvCase?.street ?? row.street,
    });
    const updated = await updateReferral(tx, id, {
      status: d.status,
      updatedAt: now,
      ...('reasonCode' in cmd ? { reasonCode: cmd.reasonCode, reasonEnc: app.cipher.encryptOptional(reason, id) } : {}),
    });
    await audit(tx, who, {
      action: `referral.${cmd.kind}`,
      entityType: 'referral',
      entityId: id,
      caseId: row.caseId,
      reason: 'reasonCode' in cmd ? cmd.reasonCode : null,
      details: { from: row.status, to: d.status },
    });
    await emit(app, tx, who, row.caseId, d.events);
    return baseView(updated);
  });
}

const toState = (r: ReferralRow): ReferralState => ({
  id: r.id,
  caseId: r.caseId,
  department: r.department as DvDepartment,
  assignedDept: r.assignedDept,
  street: r.street,
  status: r.status as ReferralState['status'],
});

export const baseView = (r: ReferralRow) => ({
  id: r.id,
  caseId: r.caseId,
  department: r.department,
  assignedDept: r.assignedDept,
  riskLevel: r.riskLevel,
  status: r.status,
  acceptBy: r.acceptBy.toISOString(),
  createdAt: r.createdAt.toISOString(),
  reasonCode: r.reasonCode,
  version: r.version,
});

/**
 * A department sees the referrals sent to it; coordinators see all, de-identified (the list never carries personal
 * data).
 */
export async function listReferrals(app: FastifyInstance, who: Principal, status?: string, assignee?: AssigneeFilter) {
  // a receiving department's user listing its work becomes assignable here (see @linkage/service-kit assignment.ts)
  if (who.role !== 'coordinator') await noteWorker(app.store.db, who, app.clock());
  const rows = await referralsForDept(
    app.store.db,
    who.role === 'coordinator' ? null : who.dept,
    status,
    streetFilter(who),
  );
  const visible = rows
    .filter((r) => isCoordinatorFor(who, r.street) || isReceiver(who, r))
    .map((r) => ({ ...baseView(r), street: r.street }));
  return withAssignees(app.store.db, 'referral', who, visible, assignee);
}

/** The case owner's and coordinators' view of a case's referrals (status and clocks, no personal data). */
export async function listCaseReferrals(app: FastifyInstance, who: Principal, caseId: string) {
  const dvCase = found(await findCase(app.store.db, caseId), 'The case');
  if (!isCoordinatorFor(who, dvCase.street) && !isCaseOwner(who, dvCase))
    throw new ForbiddenError('not_case_owner', "This case is owned by another department's caseworkers.");
  return (await referralsOfCase(app.store.db, caseId)).map(baseView);
}

/**
 * One referral. The receiving department sees the fields its referral type needs (reading
 * personal data is audited); the case owner and coordinators see the de-identified base.
 */
export async function getReferral(app: FastifyInstance, who: Principal, id: string) {
  const r = found(await findReferral(app.store.db, id), 'The referral');
  if (isReceiver(who, r)) {
    const fields = VISIBLE_FIELDS[r.department as DvDepartment] ?? [];
    const out: Record<string, unknown> = { ...baseView(r) };
    if (fields.includes('street')) out.street = r.street;
    const personal: string[] = [];
    if (fields.includes('contact') && r.contactEnc) {
      out.contact = JSON.parse(app.cipher.decrypt(r.contactEnc, r.id));
      personal.push('contact');
    }
    if (fields.includes('note') && r.noteEnc) {
      out.note = app.cipher.decrypt(r.noteEnc, r.id);
      personal.push('note');
    }
    if (personal.length)
      await audit(app.store.db, who, {
        action: 'referral.personal_data.viewed',
        entityType: 'referral',
        entityId: r.id,
        caseId: r.caseId,
        details: { fields: personal },
      });
    return out as ReturnType<typeof baseView> & {
      street?: string | null;
      contact?: Record<string, string>;
      note?: string;
    };
  }
  const dvCase = await findCase(app.store.db, r.caseId);
  if (isCoordinatorFor(who, r.street) || (dvCase && isCaseOwner(who, dvCase))) return baseView(r);
  throw new ForbiddenError('other_department', 'This referral was sent to another department.');
}
