import type { FastifyInstance } from 'fastify';
import type { DvDepartment } from '@linkage/contracts';
import { streetFilter, type Principal } from '@linkage/auth';
import { ForbiddenError, found } from '@linkage/domain';
import { audit, noteWorker, withAssignees, type AssigneeFilter } from '@linkage/service-kit';
import { findCase } from '../db/queries/cases.ts';
import { findReferral, referralsForDept, referralsOfCase } from '../db/queries/referrals.ts';
import type { ReferralRow } from '../db/schema.ts';
import { isCaseOwner, isCoordinatorFor, isReceiver, VISIBLE_FIELDS } from '../domain/access.ts';

export const baseView = (r: ReferralRow) => ({
  id: r.id,
  caseId: r.caseId,
  department: r.department,
  assignedDept: r.assignedDept,
  riskLevel: r.riskLevel,
  status: r.status,
  acceptBy: r.acceptBy.toISOString(),
  createdAt: r.createdAt.toISOString(),
  reasonCode: r.reasonCode,
  version: r.version,
});

/** The receiving department's view: the base, and only the optional fields its referral type needs. */
export type ReferralDetailView = ReturnType<typeof baseView> & {
  street?: string | null;
  contact?: Record<string, string>;
  note?: string;
};

/**
 * A department sees the referrals sent to it; coordinators see all, de-identified (the list never carries personal
 * data).
 */
export async function listReferrals(app: FastifyInstance, who: Principal, status?: string, assignee?: AssigneeFilter) {
  // a receiving department's user listing its work becomes assignable here (see @linkage/service-kit assignment.ts)
  if (who.role !== 'coordinator') await noteWorker(app.store.db, who, app.clock());
  const rows = await referralsForDept(
    app.store.db,
    who.role === 'coordinator' ? null : who.dept,
    status,
    streetFilter(who),
  );
  const visible = rows
    .filter((r) => isCoordinatorFor(who, r.street) || isReceiver(who, r))
    .map((r) => ({ ...baseView(r), street: r.street }));
  return withAssignees(app.store.db, 'referral', who, visible, assignee);
}

/** The case owner's and coordinators' view of a case's referrals (status and clocks, no personal data). */
export async function listCaseReferrals(app: FastifyInstance, who: Principal, caseId: string) {
  const dvCase = found(await findCase(app.store.db, caseId), 'The case');
  if (!isCoordinatorFor(who, dvCase.street) && !isCaseOwner(who, dvCase))
    throw new ForbiddenError('not_case_owner', "This case is owned by another department's caseworkers.");
  return (await referralsOfCase(app.store.db, caseId)).map(baseView);
}

/**
 * One referral. The receiving department sees the fields its referral type needs (reading
 * personal data is audited); the case owner and coordinators see the de-identified base.
 */
export async function getReferral(app: FastifyInstance, who: Principal, id: string): Promise<ReferralDetailView> {
  const r = found(await findReferral(app.store.db, id), 'The referral');
  if (isReceiver(who, r)) {
    const fields = VISIBLE_FIELDS[r.department as DvDepartment] ?? [];
    const out: ReferralDetailView = { ...baseView(r) };
    if (fields.includes('street')) out.street = r.street;
    const personal: string[] = [];
    if (fields.includes('contact') && r.contactEnc) {
      out.contact = JSON.parse(app.cipher.decrypt(r.contactEnc, r.id)) as Record<string, string>;
      personal.push('contact');
    }
    if (fields.includes('note') && r.noteEnc) {
      out.note = app.cipher.decrypt(r.noteEnc, r.id);
      personal.push('note');
    }
    if (personal.length)
      await audit(app.store.db, who, {
        action: 'referral.personal_data.viewed',
        entityType: 'referral',
        entityId: r.id,
        caseId: r.caseId,
        details: { fields: personal },
      });
    return out;
  }
  const dvCase = await findCase(app.store.db, r.caseId);
  if (isCoordinatorFor(who, r.street) || (dvCase && isCaseOwner(who, dvCase))) return baseView(r);
  throw new ForbiddenError('other_department', 'This referral was sent to another department.');
}
