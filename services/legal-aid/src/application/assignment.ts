import type { FastifyInstance } from 'fastify';
import type { Principal } from '@linkage/auth';
import { assignWork, found, type AssignCommand } from '@linkage/service-kit';
import { lockApplication, updateApplication } from '../db/queries.ts';
import { can } from '../domain/policy.ts';

/**
 * Assign an application to an officer of the centre that handles it (her token `sub`; not the
 * lawyer, who is assigned with /assignment). Only the centre's officers (`manage`, within their
 * streets) may assign or reassign.
 */
export async function assignApplication(app: FastifyInstance, who: Principal, id: string, cmd: AssignCommand) {
  return app.store.db.transaction(async (tx) => {
    const row = found(await lockApplication(tx, id), 'The application');
    can(who, 'manage', row);
    return assignWork(
      app,
      tx,
      who,
      {
        recordType: 'legal_aid_application',
        recordId: row.id,
        caseId: row.caseId,
        dept: row.centreDept,
        version: row.version,
        event: { type: 'legal_aid.application.assigned.v1', recordKey: 'applicationId' },
      },
      cmd,
      async () => (await updateApplication(tx, id, { updatedAt: app.clock() })).version,
    );
  });
}
