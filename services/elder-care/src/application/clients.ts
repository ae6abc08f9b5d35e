import type { FastifyInstance } from 'fastify';
import { authorize, type Principal } from '@linkage/auth';
import {
  audit,
  checkVersion,
  found,
  loadCalendar,
  noteWorker,
  uuidv7,
  withAssignees,
  type AssigneeFilter,
} from '@linkage/service-kit';
import { findClient, insertClientIfNew, listClients, updateClient } from '../db/queries.ts';
import type { ClientRow } from '../db/schema.ts';
import { decideReferral } from '../domain/client/decide.ts';
import { personalData, type ReferClientBody, type UpdateClientBody } from '../domain/client/referral.ts';
import { ELDER_POLICY, visibleStreets } from '../domain/policy.ts';
import { changeClient, emit, iso, type Ctx } from './context.ts';

/**
 * A direct referral (walk-in, community, a caregiver asking for help): personal data encrypted, bound to the client id.
 */
export async function referClient(ctx: Ctx, body: ReferClientBody) {
  const { app, who } = ctx;
  const now = app.clock();
  const id = uuidv7(now.getTime());
  const caseId = body.caseId ?? uuidv7(now.getTime());
  return app.store.db.transaction(async (tx) => {
    const events = decideReferral(
      {
        clientId: id,
        caseId,
        requestId: null,
        channel: 'direct',
        street: body.street,
        hardship: body.hardship.length > 0,
      },
      now,
      ctx.policy.assessWithinDays,
      await loadCalendar(tx),
    );
    const due = new Date(events[0].data.assessBy);
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
    await emit(ctx, tx, caseId, events);
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
    checkVersion(c, body.version);
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
  const c = found(await findClient(app.store.db, id), 'The client');
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
