import type { FastifyInstance } from 'fastify';
import { parseActor, type CaseOpenedV1, type EventOf } from '@linkage/contracts';
import type { Executor } from '@linkage/db';
import { found } from '@linkage/domain';
import { findCase, findIntakeCase, upsertIntakeCase } from '../db/queries/cases.ts';
import type { KnownCase } from '../domain/access.ts';

/** Consumer effect: intake opened a case — remember its owning unit and street (no personal data). */
export async function onCaseOpened(_app: FastifyInstance, e: CaseOpenedV1, tx: Executor): Promise<void> {
  const actor = parseActor(e.actor);
  const ownerDept = e.data.ownerDept ?? (actor.role !== 'system' ? actor.dept : null);
  await upsertIntakeCase(tx, {
    caseId: e.data.caseId,
    ownerDept,
    street: e.data.street,
    updatedAt: new Date(e.data.openedAt),
  });
}

/** Consumer effect: intake updated a case — its street may have changed. */
export async function onCaseUpdated(
  _app: FastifyInstance,
  e: EventOf<'intake.case.updated.v1'>,
  tx: Executor,
): Promise<void> {
  await upsertIntakeCase(tx, { caseId: e.data.caseId, street: e.data.street, updatedAt: new Date(e.data.updatedAt) });
}

/**
 * The case as dv-referral knows it: its DV part if one exists, otherwise intake's announcement.
 * A case nobody announced is unknown: work on it is a 404, and nothing is written.
 */
export async function knownCase(db: Executor, caseId: string): Promise<KnownCase | undefined> {
  const dv = await findCase(db, caseId);
  if (dv) return { caseId, ownerDept: dv.ownerDept, street: dv.street };
  const intake = await findIntakeCase(db, caseId);
  return intake ? { caseId, ownerDept: intake.ownerDept, street: intake.street } : undefined;
}

export const requireKnownCase = async (db: Executor, caseId: string): Promise<KnownCase> =>
  found(await knownCase(db, caseId), 'The case');
