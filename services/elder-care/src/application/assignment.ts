import type { FastifyInstance } from 'fastify';
import { authorize, type Principal } from '@linkage/auth';
import { assignWork, found, type AssignCommand } from '@linkage/service-kit';
import { findClient, updateClient } from '../db/queries.ts';
import { ELDER_POLICY } from '../domain/policy.ts';

/**
 * Assign an elder-care client to an officer. A record is held by the district office and by its
 * street's office (ELDER_POLICY `act`); the office that assigns is the owning department of that
 * assignment, and the assignee must be a known officer of that same office.
 */
export async function assignClient(app: FastifyInstance, who: Principal, id: string, cmd: AssignCommand) {
  return app.store.db.transaction(async (tx) => {
    const c = found(await findClient(tx, id, true), 'The client');
    authorize(ELDER_POLICY, who, 'act', c);
    return assignWork(
      app,
      tx,
      who,
      {
        recordType: 'elder_client',
        recordId: c.id,
        caseId: c.caseId,
        dept: who.dept,
        version: c.version,
        event: { type: 'elder_care.client.assigned.v1', recordKey: 'clientId' },
      },
      cmd,
      async () => {
        await updateClient(tx, id, {});
        return c.version + 1; // the row is locked: the update made it exactly one more
      },
    );
  });
}
