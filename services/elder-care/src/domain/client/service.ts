import type { FastifyInstance } from 'fastify';
import type { Executor } from '@linkage/db';
import type { ReferralRequestedV1 } from '@linkage/contracts';
import { authorize, type Principal } from '@linkage/auth';
import { enqueue, uuidv7 } from '@linkage/messaging';
import {
  audit,
  loadCalendar,
  noteWorker,
  NotFoundError,
  StaleVersionError,
  withAssignees,
  type AssigneeFilter,
} from '@linkage/service-kit';
import { findClient, insertClientIfNew, listClients, updateClient } from '../../db/queries.ts';
import type { ClientRow } from '../../db/schema.ts';
import type { ElderCarePolicy } from '../../config.ts';
import { assessBy } from '../assessment/levels.ts';
import { changeClient, ELDER_POLICY, event, iso, SYSTEM, visibleStreets, type Ctx } from '../shared.ts';
import { isElderCareRequest, personalData, type ReferClientBody, type UpdateClientBody } from './referral.ts';

/** Consumer effect: an intake request to elder care becomes a client (once per request id), announced by an event. */
export async function onReferralRequested(
  app: FastifyInstance,
  policy: ElderCarePolicy,
  e: ReferralRequestedV1,
  tx: Executor,
): Promise<void> {
  if (!isElderCareRequest(e.data)) return;
  const now = app.clock();
  const id = uuidv7(now.getTime());
  const due = assessBy(now, policy.assessWithinDays, await loadCalendar(tx));
  const created = await insertClientIfNew(tx, {
    id,
    caseId: e.data.caseId,
    requestId: e.data.requestId,
    channel: 'intake',
    street: e.data.street,
    riskLevel: e.data.riskLevel,
    hardship: [],
    assessBy: due,
    referredAt: now,
    updatedAt: now,
  });
  if (!created) return; // a replay of the same request: nothing twice
  await audit(tx, SYSTEM, {
    action: 'client.referred',
    entityType: 'client',
    entityId: id,
    caseId: e.data.caseId,
    details: { channel: 'intake', requestId: e.data.requestId },
  });
  await enqueue(tx, [
    event(
      { app, who: SYSTEM, correlationId: e.correlationid },
      'elder_care.client.referred.v1',
      e.data.caseId,
      {
        clientId: id,
        caseId: e.data.caseId,
        requestId: e.data.requestId,
        channel: 'intake',
        street: e.data.street,
        hardship: false,
        referredAt: now.toISOString(),
        assessBy: due.toISOString(),
      },
      e.id,
    ),
  ]);
}

/**
 * A direct referral (walk-in, community, a caregiver asking for help): personal data encrypted, bound to the client id.
 */
export async function referClient(ctx: Ctx, body: ReferClientBody) {
  const { app, who } = ctx;
  const now = app.clock();
  const id = uuidv7(now.getTime());
  const caseId = body.caseId ?? uuidv7(now.getTime());
  return app.store.db.transaction(async (tx) => {
    const due = assessBy(now, ctx.policy.assessWithinDays, await loadCalendar(tx));
    const row = {
      id,
      caseId,
      requestId: null,
      channel: 'direct',
      street: body.street,
      livingSituation: body.livingSituation,
      caregiver: body.caregiver ? { relation: body.caregiver.relation, strain: body.caregiver.strain } : null,
      hardship: body.hardship,
      personEnc: app.cipher.encrypt(JSON.stringify(personalData(body.person, body.caregiver)), id),
      assessBy: due,
      referredAt: now,
      updatedAt: now,
    };
    authorize(ELDER_POLICY, who, 'act', { street: body.street });
    await insertClientIfNew(tx, row);
    await audit(tx, who, {
      action: 'client.referred',
      entityType: 'client',
      entityId: id,
      caseId,
      details: { channel: 'direct' },
    });
    await enqueue(tx, [
      event(ctx, 'elder_care.client.referred.v1', caseId, {
        clientId: id,
        caseId,
        requestId: null,
        channel: 'direct',
        street: body.street,
        hardship: body.hardship.length > 0,
        referredAt: now.toISOString(),
        assessBy: due.toISOString(),
      }),
    ]);
    return {
      ...clientView({
        ...row,
        status: 'referred',
        riskLevel: 'standard',
        level: null,
        respiteDaysPerYear: 0,
        reassessBy: null,
        version: 1,
      }),
    };
  });
}

/** Update the record (living situation, caregiver, hardship, personal data), guarded by its version. */
export async function updateClientProfile(ctx: Ctx, clientId: string, body: UpdateClientBody) {
  return changeClient(ctx, clientId, async (tx, c) => {
    if (c.version !== body.version) throw new StaleVersionError(body.version, c.version);
    // Moving a record to another street is moving it to a department: only into the caller's own area.
    if (body.street !== undefined) authorize(ELDER_POLICY, ctx.who, 'act', { street: body.street });
    const set: Parameters<typeof updateClient>[2] = { updatedAt: ctx.app.clock() };
    if (body.street !== undefined) set.street = body.street;
    if (body.livingSituation !== undefined) set.livingSituation = body.livingSituation;
    if (body.hardship !== undefined) set.hardship = body.hardship;
    if (body.caregiver !== undefined)
      set.caregiver = { relation: body.caregiver.relation, strain: body.caregiver.strain };
    if (body.person !== undefined || body.caregiver?.name !== undefined || body.caregiver?.phone !== undefined) {
      const old = c.personEnc
        ? (JSON.parse(ctx.app.cipher.decrypt(c.personEnc, c.id)) as ReturnType<typeof personalData>)
        : personalData(undefined, undefined);
      const next = personalData(body.person ?? old.person, body.caregiver ?? undefined);
      if (!body.caregiver) next.caregiver = old.caregiver;
      set.personEnc = ctx.app.cipher.encrypt(JSON.stringify(next), c.id);
    }
    await updateClient(tx, c.id, set);
    const fields = Object.keys(body).filter((k) => k !== 'version');
    await audit(tx, ctx.who, {
      action: 'client.updated',
      entityType: 'client',
      entityId: c.id,
      caseId: c.caseId,
      details: { fields },
    });
    const updated = await findClient(tx, c.id);
    return clientView(updated!);
  });
}

type ClientViewInput = Pick<
  ClientRow,
  | 'id'
  | 'caseId'
  | 'channel'
  | 'status'
  | 'street'
  | 'riskLevel'
  | 'livingSituation'
  | 'caregiver'
  | 'hardship'
  | 'level'
  | 'respiteDaysPerYear'
  | 'reassessBy'
  | 'assessBy'
  | 'referredAt'
  | 'version'
>;

export const clientView = (c: ClientViewInput) => ({
  id: c.id,
  caseId: c.caseId,
  channel: c.channel,
  status: c.status,
  street: c.street,
  riskLevel: c.riskLevel,
  livingSituation: c.livingSituation ?? null,
  caregiver: c.caregiver ?? null,
  hardship: c.hardship ?? [],
  level: c.level,
  respiteDaysPerYear: c.respiteDaysPerYear,
  assessBy: c.assessBy.toISOString(),
  reassessBy: iso(c.reassessBy),
  referredAt: c.referredAt.toISOString(),
  version: c.version,
});

/** One record. Officers of the person's street see her personal data (audited); coordinators a de-identified view. */
export async function viewClient(app: FastifyInstance, who: Principal, id: string) {
  const c = await findClient(app.store.db, id);
  if (!c) throw new NotFoundError('The client');
  authorize(ELDER_POLICY, who, 'view', c);
  const base = clientView(c);
  if (who.role !== 'elder_care_officer') return { ...base, identified: false as const };
  await audit(app.store.db, who, {
    action: 'client.personal_data.viewed',
    entityType: 'client',
    entityId: c.id,
    caseId: c.caseId,
  });
  const pii = c.personEnc
    ? (JSON.parse(app.cipher.decrypt(c.personEnc, c.id)) as ReturnType<typeof personalData>)
    : null;
  return { ...base, identified: true as const, person: pii?.person ?? null, caregiverContact: pii?.caregiver ?? null };
}

/**
 * The caller's work list (de-identified): officers see their department's records in their streets, coordinators
 * theirs.
 */
export async function listClientsFor(app: FastifyInstance, who: Principal, status?: string, assignee?: AssigneeFilter) {
  if (who.role === 'elder_care_officer') await noteWorker(app.store.db, who, app.clock()); // the office's officer becomes assignable here
  return withAssignees(
    app.store.db,
    'elder_client',
    who,
    (await listClients(app.store.db, visibleStreets(who), status)).map(clientView),
    assignee,
  );
}
