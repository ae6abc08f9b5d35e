import type { FastifyInstance } from 'fastify';
import type { Principal } from '@linkage/auth';
import { audit, ConflictError, found, uuidv7 } from '@linkage/service-kit';
import {
  changeCaseload,
  conflictsOf,
  findLawyer,
  insertConflicts,
  insertNote,
  lockActiveLawyers,
} from '../db/queries.ts';
import type { Command } from '../domain/application/decide.ts';
import { chooseLawyer, conflictRefusal } from '../domain/lawyer/choose.ts';
import { loadForChange, runCommand } from './commands.ts';

// The matter once aid is granted: the lawyer, conflicts of interest, progress.

/**
 * Assign a lawyer: the officer's choice or the best suitable one, never a conflicted one; caseload kept under its
 * limit.
 */
export async function assignLawyer(
  app: FastifyInstance,
  who: Principal,
  id: string,
  body: { lawyerId?: string | undefined; version?: number | undefined },
  correlationId: string,
) {
  let chosenId = '';
  return runCommand(
    app,
    who,
    id,
    async (tx, row): Promise<Command> => {
      const candidates = await lockActiveLawyers(tx);
      if (body.lawyerId && !candidates.some((c) => c.id === body.lawyerId)) {
        found(await findLawyer(tx, body.lawyerId), 'The lawyer');
        throw new ConflictError('lawyer_inactive', 'This lawyer is not taking legal aid assignments.');
      }
      const conflicts = new Set((await conflictsOf(tx, row.id)).map((c) => c.lawyerId));
      const choice = chooseLawyer(candidates, {
        matterType: row.matterType,
        conflicts,
        femaleLawyerRequested: row.femaleLawyerRequested,
        lawyerId: body.lawyerId,
      });
      chosenId = choice.lawyer.id;
      return {
        kind: 'assign_lawyer',
        lawyerId: choice.lawyer.id,
        assignmentId: uuidv7(app.clock().getTime()),
        femaleLawyer: choice.lawyer.gender === 'female',
        femaleLawyerRequested: row.femaleLawyerRequested,
      };
    },
    { version: body.version, correlationId, afterDecide: async (tx) => changeCaseload(tx, chosenId, 1) },
  );
}

/** Declare a conflict of interest: the lawyer acts for the opposing party in the same case. */
export async function recordConflict(
  app: FastifyInstance,
  who: Principal,
  id: string,
  body: { lawyerId: string; reason: string },
) {
  return app.store.db.transaction(async (tx) => {
    const row = await loadForChange(tx, who, id, 'manage');
    found(await findLawyer(tx, body.lawyerId), 'The lawyer');
    const refused = conflictRefusal(row.lawyerId, body.lawyerId);
    if (refused) throw refused;
    await insertConflicts(tx, [
      { applicationId: id, lawyerId: body.lawyerId, reason: body.reason, recordedAt: app.clock() },
    ]);
    await audit(tx, who, {
      action: 'application.conflict_recorded',
      entityType: 'application',
      entityId: id,
      caseId: row.caseId,
      details: { lawyerId: body.lawyerId, reason: body.reason },
    });
    return { applicationId: id, lawyerId: body.lawyerId, reason: body.reason };
  });
}

/** A progress note on an assigned matter: the stage on the event, the words encrypted (AAD = application:note). */
export async function addProgressNote(
  app: FastifyInstance,
  who: Principal,
  id: string,
  body: { stage: Extract<Command, { kind: 'note_progress' }>['stage']; text: string },
  correlationId: string,
) {
  return runCommand(
    app,
    who,
    id,
    { kind: 'note_progress', stage: body.stage },
    {
      correlationId,
      afterDecide: async (tx, row) => {
        const now = app.clock();
        const noteId = uuidv7(now.getTime());
        await insertNote(tx, {
          id: noteId,
          applicationId: row.id,
          stage: body.stage,
          notedAt: now,
          authorSub: who.sub,
          textEnc: app.cipher.encrypt(body.text, `${row.id}:${noteId}`),
        });
      },
    },
  );
}
