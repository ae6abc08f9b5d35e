import type { FastifyInstance } from 'fastify';
import type { Executor } from '@linkage/db';
import type { ReferralRequestedV1 } from '@linkage/contracts';
import { enqueue, newEvent, uuidv7 } from '@linkage/messaging';
import type { Principal } from '@linkage/auth';
import { NotFoundError, ForbiddenError } from '@linkage/service-kit';
import { insertReferralIfNew, findReferral, referralsForDept } from '../../db/queries.ts';
import { referralsForRequest, type AcceptancePolicy } from './decide.ts';
import type { ReferralRow } from '../../db/schema.ts';

/** Consumer effect: one intake referral request becomes referrals, each announced by an event (same transaction). */
export async function onReferralRequested(app: FastifyInstance, policy: AcceptancePolicy, event: ReferralRequestedV1, tx: Executor): Promise<void> {
  const now = app.clock();
  for (const r of referralsForRequest(event.data, now, policy)) {
    const id = uuidv7(now.getTime());
    const created = await insertReferralIfNew(tx, {
      id,
      caseId: event.data.caseId,
      requestId: event.data.requestId,
      department: r.department,
      assignedDept: r.assignedDept,
      riskLevel: event.data.riskLevel,
      street: event.data.street,
      acceptBy: r.acceptBy,
      createdAt: now,
      updatedAt: now,
    });
    if (!created) continue; // already created from this request (a replay): nothing twice
    await enqueue(tx, [
      newEvent('dv.referral.created.v1', {
        source: app.service.source,
        subject: event.data.caseId,
        actor: { role: 'system', dept: 'svc:dv-referral' },
        correlationid: event.correlationid,
        causationid: event.id,
        time: now,
        data: {
          referralId: id,
          caseId: event.data.caseId,
          requestId: event.data.requestId,
          department: r.department,
          assignedDept: r.assignedDept,
          riskLevel: event.data.riskLevel,
          street: event.data.street,
          acceptBy: r.acceptBy.toISOString(),
          createdAt: now.toISOString(),
        },
      }),
    ]);
  }
}

export const referralView = (r: ReferralRow) => ({
  id: r.id,
  caseId: r.caseId,
  department: r.department,
  assignedDept: r.assignedDept,
  riskLevel: r.riskLevel,
  street: r.street,
  status: r.status,
  acceptBy: r.acceptBy.toISOString(),
  createdAt: r.createdAt.toISOString(),
  version: r.version,
});

/** A department sees the referrals sent to it; coordinators see all (no personal data is held here). */
export async function listReferrals(app: FastifyInstance, who: Principal, status?: string) {
  const rows = await referralsForDept(app.store.db, who.role === 'coordinator' ? null : who.dept, status);
  return rows.map(referralView);
}

export async function getReferral(app: FastifyInstance, who: Principal, id: string) {
  const r = await findReferral(app.store.db, id);
  if (!r) throw new NotFoundError('The referral');
  if (who.role !== 'coordinator' && r.assignedDept !== who.dept) throw new ForbiddenError('other_department', 'This referral was sent to another department.');
  return referralView(r);
}
