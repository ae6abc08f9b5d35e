import type { FastifyInstance } from 'fastify';
import { allows, type Principal } from '@linkage/auth';
import { ForbiddenError, found } from '@linkage/domain';
import { assignWork, type AssignCommand } from '@linkage/service-kit';
import { bumpOrderVersion, lockOrder } from '../db/queries/orders.ts';
import { bumpReferralVersion, lockReferral } from '../db/queries/referrals.ts';
import { isReceiver, ORDER_POLICY } from '../domain/access.ts';
import { knownCase } from './cases.ts';

/**
 * Assign a referral to a worker of the department it was sent to. Only that department's users in
 * the role that works the referral type (its officers, within their streets) may assign or reassign.
 */
export async function assignReferral(app: FastifyInstance, who: Principal, id: string, cmd: AssignCommand) {
  return app.store.db.transaction(async (tx) => {
    const r = found(await lockReferral(tx, id), 'The referral');
    if (!isReceiver(who, r))
      throw new ForbiddenError('other_department', 'Only the department the referral was sent to assigns its work.');
    const rec = {
      recordType: 'referral' as const,
      recordId: r.id,
      caseId: r.caseId,
      dept: r.assignedDept,
      version: r.version,
      event: { type: 'dv.referral.assigned.v1' as const, recordKey: 'referralId' as const },
    };
    return assignWork(app, tx, who, rec, cmd, () => bumpReferralVersion(tx, id, app.clock()));
  });
}

/** Assign a protection-order application to a clerk of its court (only that court's clerks, within its streets). */
export async function assignOrder(app: FastifyInstance, who: Principal, id: string, cmd: AssignCommand) {
  return app.store.db.transaction(async (tx) => {
    const o = found(await lockOrder(tx, id), 'The protection order');
    const c = await knownCase(tx, o.caseId);
    const access = { courtDept: o.courtDept, appliedByDept: o.appliedByDept, street: c ? c.street : null };
    if (!allows(ORDER_POLICY, who, 'court', access))
      throw new ForbiddenError('other_department', 'Only the court that holds the application assigns its work.');
    const rec = {
      recordType: 'protection_order' as const,
      recordId: o.id,
      caseId: o.caseId,
      dept: o.courtDept,
      version: o.version,
      event: { type: 'dv.protection_order.assigned.v1' as const, recordKey: 'orderId' as const },
    };
    return assignWork(app, tx, who, rec, cmd, () => bumpOrderVersion(tx, id));
  });
}
