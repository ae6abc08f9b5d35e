import type { FastifyInstance } from 'fastify';
import { audit, systemActor } from '@linkage/service-kit';
import { claimMaterialsOverdue } from '../db/queries.ts';
import { SERVICE } from '../config.ts';
import { applyCommand } from './commands.ts';

const SYSTEM = systemActor(SERVICE);

/**
 * LAL Art. 43 (申请人未按要求补充材料…视为撤回申请): every application whose materials period has ended is
 * deemed withdrawn, with an event, in one transaction. Returns how many.
 */
export async function deemOverdueWithdrawn(app: FastifyInstance, limit = 50): Promise<number> {
  const now = app.clock();
  return app.store.db.transaction(async (tx) => {
    const rows = await claimMaterialsOverdue(tx, now, limit);
    for (const row of rows) {
      const updated = await applyCommand(app, tx, row, { kind: 'deem_withdrawn' }, SYSTEM);
      await audit(tx, SYSTEM, {
        action: 'application.deem_withdrawn',
        entityType: 'application',
        entityId: row.id,
        caseId: row.caseId,
        details: { from: row.status, to: updated.status },
      });
    }
    return rows.length;
  });
}
