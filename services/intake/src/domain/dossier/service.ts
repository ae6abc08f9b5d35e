import type { FastifyInstance } from 'fastify';
import { AuthError, holds, type Principal } from '@linkage/auth';
import { audit, NotFoundError } from '@linkage/service-kit';
import type { ConsentState } from '@linkage/contracts';
import * as q from '../../db/queries.ts';
import type { HandoffRow } from '../../db/schema.ts';
import { DOSSIERS, dossierFields, sharingGround, type CaseSections, type DossierDeptType } from './fields.ts';

const refused = (code: string, detail: string): never => {
  throw new AuthError(403, code, detail);
};

const ENDED: Record<string, string> = {
  declined: 'Your department declined this referral: its access to her data ended.',
  withdrawn: 'This referral was withdrawn: your department’s access to her data ended.',
  closed: 'This referral is closed: your department’s access to her data ended.',
};

const LABEL: Record<DossierDeptType, string> = {
  police: 'the police',
  court: 'the court',
  shelter: 'a shelter',
  health: 'health services',
  counselling: 'counselling',
  wf: 'the women’s federation (mediation)',
  legal_aid: 'legal aid',
  elder_care: 'elder care',
};

/** The caller's department holds this hand-off (the shared rule: department + streets) in a role that works it. */
const mine = (who: Principal, h: HandoffRow, street: string | null) =>
  (DOSSIERS[h.deptType as DossierDeptType]?.roles ?? []).includes(who.role) && holds(who, { depts: h.depts, street });

/**
 * The dossier of a case for the department that holds an open referral or application of it:
 * exactly the fields its department type needs (fields.ts), if she consented to that department
 * (or a statutory exception or an audited override applies). Every read is audited; nothing of it
 * is ever published.
 */
export async function readDossier(app: FastifyInstance, who: Principal, caseId: string) {
  const db = app.store.db;
  const row = await q.findCase(db, caseId);
  if (!row) throw new NotFoundError('The case');
  const held = (await q.handoffsOf(db, caseId)).filter((h) => mine(who, h, row.street));
  if (held.length === 0) refused('no_referral', 'Your department holds no referral or application for this case.');
  const handoff = held.find((h) => h.status === 'open');
  if (!handoff)
    refused(`referral_${held[0]!.status}`, ENDED[held[0]!.status] ?? 'Your department’s access to this case ended.');
  const type = handoff!.deptType as DossierDeptType;
  const requests = await q.referralRequestsOf(db, caseId);
  const ground = sharingGround(type, {
    consent: row.consent as Partial<ConsentState>,
    overrides: row.overrides,
    needs: row.needs,
    dvBases: requests.filter((r) => r.target === 'dv').map((r) => r.consentBasis),
  });
  if (!ground) {
    refused(
      'no_consent',
      `She has not consented to sharing her case with ${LABEL[type]}, and no audited override names it: your department sees nothing of her data.`,
    );
  }
  const dec = (v: string | null, section: string) =>
    v === null ? null : (JSON.parse(app.cipher.decrypt(v, `${caseId}#${section}`)) as Record<string, unknown>);
  const sections: CaseSections = {
    caller: dec(row.callerEnc, 'caller'),
    victim: dec(row.victimEnc, 'victim'),
    perpetrator: dec(row.perpetratorEnc, 'perpetrator'),
    incident: dec(row.incidentEnc, 'incident'),
    requests: dec(row.requestsEnc, 'requests'),
  };
  const fields = dossierFields(type, sections);
  await audit(db, who, {
    action: 'case.dossier.viewed',
    entityType: 'case',
    entityId: caseId,
    caseId,
    reason: ground,
    details: { ref: handoff!.ref, deptType: type, fields: Object.keys(fields) },
  });
  return {
    caseId,
    caseNumber: row.caseNumber,
    category: row.category,
    riskLevel: row.riskLevel,
    street: row.street,
    department: type,
    ref: handoff!.ref,
    referralStatus: 'open' as const,
    ground: ground!,
    fields,
  };
}
