import type { FastifyInstance } from 'fastify';
import type { Principal } from '@linkage/auth';
import { enqueue, uuidv7 } from '@linkage/messaging';
import { audit, NotFoundError, ValidationError } from '@linkage/service-kit';
import { findCase, insertCase, insertReferralRequests, nextCaseNumber, referralRequestsOf } from '../../db/queries.ts';
import { decideOpenCase, OpenCaseRejected, type OpenCaseBody } from './open.ts';

/** Open a case: the case row, its referral requests, the audit row and the events commit together. */
export async function openCase(app: FastifyInstance, who: Principal, body: OpenCaseBody, correlationId: string) {
  const now = app.clock();
  const caseId = uuidv7(now.getTime());
  return app.store.db.transaction(async (tx) => {
    const caseNumber = await nextCaseNumber(tx, now.getUTCFullYear());
    let decision;
    try {
      decision = decideOpenCase(body, { caseId, caseNumber, now, actor: who, correlationId, source: app.service.source }, () => uuidv7(now.getTime()));
    } catch (e) {
      if (e instanceof OpenCaseRejected) throw new ValidationError(e.code, e.message);
      throw e;
    }
    const { name, phone, address, ...nonIdentifying } = body.victim ?? {};
    const pii = { name, phone, address };
    await insertCase(tx, {
      id: caseId,
      caseNumber,
      channel: body.channel,
      category: body.category,
      street: body.victim?.street ?? null,
      riskLevel: decision.risk.level,
      flags: { ageBand: decision.ageBand, ...nonIdentifying },
      needs: body.needs,
      ownerDept: who.dept,
      victimEnc: Object.values(pii).some((v) => v !== undefined) ? app.cipher.encrypt(JSON.stringify(pii), caseId) : null,
      narrativeEnc: app.cipher.encryptOptional(body.narrative, caseId),
      openedAt: now,
    });
    await insertReferralRequests(
      tx,
      decision.referrals.map((r) => ({ id: r.requestId, caseId, target: r.target, consentBasis: r.consentBasis, requestedAt: now })),
    );
    await audit(tx, who, { action: 'case.opened', entityType: 'case', entityId: caseId, caseId, details: { referrals: decision.referrals.length } });
    await enqueue(tx, decision.events);
    return {
      id: caseId,
      caseNumber,
      status: 'open' as const,
      riskLevel: decision.risk.level,
      risk: decision.risk,
      referrals: decision.referrals.map((r) => ({ requestId: r.requestId, target: r.target, consentBasis: r.consentBasis })),
      withheld: decision.withheld,
      version: 1,
    };
  });
}

const IDENTIFIED_ROLES = new Set(['hotline_operator', 'wf_caseworker']);

/** View a case. Operators and caseworkers of the owning dept see personal data (audited); coordinators a de-identified view. */
export async function viewCase(app: FastifyInstance, who: Principal, caseId: string) {
  const row = await findCase(app.store.db, caseId);
  if (!row) throw new NotFoundError('The case');
  const identified = IDENTIFIED_ROLES.has(who.role) && who.dept === row.ownerDept;
  const requests = await referralRequestsOf(app.store.db, caseId);
  const base = {
    id: row.id,
    caseNumber: row.caseNumber,
    channel: row.channel,
    category: row.category,
    street: row.street,
    riskLevel: row.riskLevel,
    status: row.status,
    needs: row.needs,
    openedAt: row.openedAt.toISOString(),
    version: row.version,
    referrals: requests.map((r) => ({ requestId: r.id, target: r.target, consentBasis: r.consentBasis })),
  };
  if (!identified) return { ...base, identified: false as const };
  await audit(app.store.db, who, { action: 'case.personal_data.viewed', entityType: 'case', entityId: caseId, caseId });
  const victim = row.victimEnc ? (JSON.parse(app.cipher.decrypt(row.victimEnc, caseId)) as Record<string, string>) : null;
  return { ...base, identified: true as const, victim, narrative: app.cipher.decryptOptional(row.narrativeEnc, caseId) };
}
