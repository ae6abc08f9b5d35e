import type { FastifyInstance } from 'fastify';
import { sql, eq } from 'drizzle-orm';
import { holds, type Principal } from '@linkage/auth';
import { assignWork, ForbiddenError, type AssignCommand } from '@linkage/service-kit';
import { lockOrder, lockReferral } from '../db/queries.ts';
import { protectionOrders, referrals } from '../db/schema.ts';
import { isReceiver } from './access.ts';
import { knownCase } from './cases.ts';
import { found } from './support.ts';

/**
 * Assign a referral to a worker of the department it was sent to. Only that department's users in
 * the role that works the referral type (its officers, within their streets) may assign or reassign.
 */
export async function assignReferral(app: FastifyInstance, who: Principal, id: string, cmd: AssignCommand) {
  return app.store.db.transaction(async (tx) => {
    const r = found(await lockReferral(tx, id), 'The referral');
    if (!isReceiver(who, r))
      throw new ForbiddenError('other_department', 'Only the department the referral was sent to assigns its work.');
    return assignWork(
      app,
      tx,
      who,
      {
        recordType: 'referral',
        recordId: r.id,
        caseId: r.caseId,
        dept: r.assignedDept,
        version: r.version,
        event: { type: 'dv.referral.assigned.v1', recordKey: 'referralId' },
      },
      cmd,
      async () => {
        const [u] = await tx
          .update(referrals)
          .set({ version: sql`${referrals.version} + 1`, updatedAt: app.clock() })
          .where(eq(referrals.id, id))
          .returning({ version: referrals.version });
        return u!.version;
      },
    );
  });
}

/** Assign a protection-order application to a clerk of its court (only that court's clerks, within its streets). */
export async function assignOrder(app: FastifyInstance, who: Principal, id: string, cmd: AssignCommand) {
  return app.store.db.transaction(async (tx) => {
    const o = found(await lockOrder(tx, id), 'The protection order');
    const c = await knownCase(tx, o.caseId);
    if (!(who.role === 'court_clerk' && holds(who, { depts: [o.courtDept], street: c ? c.street : null }))) {
      throw new ForbiddenError('other_department', 'Only the court that holds the application assigns its work.');
    }
    return assignWork(
      app,
      tx,
      who,
      {
        recordType: 'protection_order',
        recordId: o.id,
        caseId: o.caseId,
        dept: o.courtDept,
        version: o.version,
        event: { type: 'dv.protection_order.assigned.v1', recordKey: 'orderId' },
      },
      cmd,
      async () => {
        const [u] = await tx
          .update(protectionOrders)
          .set({ version: sql`${protectionOrders.version} + 1` })
          .where(eq(protectionOrders.id, id))
          .returning({ version: protectionOrders.version });
        return u!.version;
      },
    );
  });
}
