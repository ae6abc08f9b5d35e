import type { FastifyInstance } from 'fastify';
import type { Principal } from '@linkage/auth';
import type { ConsentState } from '@linkage/contracts';
import { found, orThrow } from '@linkage/domain';
import { audit } from '@linkage/service-kit';
import * as q from '../db/queries.ts';
import { dossierGround, openHandoffOf } from '../domain/dossier/access.ts';
import { dossierFields, type CaseSections } from '../domain/dossier/fields.ts';
import { decJson } from './sections.ts';

/**
 * The dossier of a case for the department that holds an open referral or application of it:
 * exactly the fields its department type needs (fields.ts), if she consented to that department
 * (or a statutory exception or an audited override applies). Every read is audited; nothing of it
 * is ever published.
 */
export async function readDossier(app: FastifyInstance, who: Principal, caseId: string) {
  const db = app.store.db;
  const row = found(await q.findCase(db, caseId), 'The case');
  const handoff = orThrow(openHandoffOf(who, await q.handoffsOf(db, caseId), row.street));
  const type = handoff.deptType;
  const requests = await q.referralRequestsOf(db, caseId);
  const ground = orThrow(
    dossierGround(type, {
      consent: row.consent as Partial<ConsentState>,
      overrides: row.overrides,
      needs: row.needs,
      dvBases: requests.filter((r) => r.target === 'dv').map((r) => r.consentBasis),
    }),
  );
  const sections: CaseSections = {
    caller: decJson(app, caseId, 'caller', row.callerEnc),
    victim: decJson(app, caseId, 'victim', row.victimEnc),
    perpetrator: decJson(app, caseId, 'perpetrator', row.perpetratorEnc),
    incident: decJson(app, caseId, 'incident', row.incidentEnc),
    requests: decJson(app, caseId, 'requests', row.requestsEnc),
  };
  const fields = dossierFields(type, sections);
  await audit(db, who, {
    action: 'case.dossier.viewed',
    entityType: 'case',
    entityId: caseId,
    caseId,
    reason: ground,
    details: { ref: handoff.ref, deptType: type, fields: Object.keys(fields) },
  });
  return {
    caseId,
    caseNumber: row.caseNumber,
    category: row.category,
    riskLevel: row.riskLevel,
    street: row.street,
    department: type,
    ref: handoff.ref,
    referralStatus: 'open' as const,
    ground,
    fields,
  };
}
