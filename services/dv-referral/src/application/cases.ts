import { parseActor, type CaseOpenedV1, type EventOf } from '@linkage/contracts';
import type { Executor } from '@linkage/db';
import { found } from '@linkage/domain';
import { findCase, findIntakeCase, type IntakeCaseNews } from '../db/queries/cases.ts';
import type { KnownCase } from '../domain/access.ts';

/**
 * What an announcement of intake leaves on its case row: case.opened its owning unit and street, case.updated its
 * street (it may have changed; the owner stays). No personal data.
 */
export function intakeCaseNews(e: CaseOpenedV1 | EventOf<'intake.case.updated.v1'>): IntakeCaseNews {
  if (e.type === 'intake.case.updated.v1')
    return { caseId: e.data.caseId, street: e.data.street, updatedAt: new Date(e.data.updatedAt) };
  const actor = parseActor(e.actor);
  return {
    caseId: e.data.caseId,
    ownerDept: e.data.ownerDept ?? (actor.role !== 'system' ? actor.dept : null),
    street: e.data.street,
    updatedAt: new Date(e.data.openedAt),
  };
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
