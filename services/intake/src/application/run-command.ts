import type { FastifyInstance } from 'fastify';
import type { Principal } from '@linkage/auth';
import type { Emit } from '@linkage/domain';
import type { Executor } from '@linkage/db';
import { checkVersion, found, orThrow } from '@linkage/domain';
import { audit } from '@linkage/service-kit';
import * as q from '../db/queries.ts';
import type { CaseRow, cases } from '../db/schema.ts';
import { assessmentOf, decide, type CaseCommand } from '../domain/case/decide.ts';
import { evolve } from '../domain/case/evolve.ts';
import { can, type CaseAction } from '../domain/case/policy.ts';
import { referralsOf } from '../domain/case/referrals.ts';
import { columnsOf, insertRequests, stateOf } from './case-rows.ts';
import { emitDecided } from './emit.ts';
import { auditTextAad, denied } from './sections.ts';

export interface CommandSpec {
  action: CaseAction;
  auditAction: string;
  /** The version the caller read (a stale one is 412); absent for commands that do not send one. */
  version?: number | undefined;
  /** The audit row's reason: a category (a code, a department), never the caller's words. */
  reason?: string | undefined;
  /** The caller's own words for the reason: personal data, kept in the audit row encrypted only. */
  reasonText?: string | undefined;
  details?: Record<string, unknown>;
  /** Build the command from the locked row (may read or check more in the transaction). */
  build: (row: CaseRow, tx: Executor) => Promise<CaseCommand> | CaseCommand;
  /** Extra row changes in the same transaction (sections, notes, assessments). */
  persist?: (tx: Executor, emits: readonly Emit[]) => Promise<Partial<typeof cases.$inferInsert> | void>;
}

/**
 * Run one command on a case: load (locked) → authorise → check the version → decide → persist the
 * row, the command's own rows and the referral requests → audit → emit, in one transaction.
 */
export async function runCommand(
  app: FastifyInstance,
  who: Principal,
  caseId: string,
  correlationId: string,
  spec: CommandSpec,
) {
  const now = app.clock();
  return app.store.db.transaction(async (tx) => {
    const row = found(await q.lockCase(tx, caseId), 'The case');
    if (!can(who, spec.action, row)) denied(spec.action);
    checkVersion(row, spec.version);
    const cmd = await spec.build(row, tx);
    const state = stateOf(row);
    const emits = orThrow(decide(state, cmd, now));
    const next = evolve(state, cmd, emits);
    // A change of street moves the case into another jurisdiction: only into one the caller holds.
    if (next.street !== row.street && !can(who, spec.action, { ownerDept: row.ownerDept, street: next.street }))
      denied(spec.action);
    const extra = (await spec.persist?.(tx, emits)) ?? {};
    await q.updateCase(tx, caseId, { ...columnsOf(next), updatedAt: now, ...extra });
    const referrals = referralsOf(emits);
    await insertRequests(tx, caseId, referrals, now);
    await audit(tx, who, {
      action: spec.auditAction,
      entityType: 'case',
      entityId: caseId,
      caseId,
      reason: spec.reason ?? null,
      details: {
        version: next.version,
        referrals: referrals.map((r) => `${r.target}:${r.consentBasis}`),
        ...(spec.details ?? {}),
        ...(spec.reasonText
          ? { reasonTextEnc: app.cipher.encrypt(spec.reasonText, auditTextAad(caseId, spec.auditAction)) }
          : {}),
      },
    });
    await emitDecided(tx, emits, {
      source: app.service.source,
      subject: caseId,
      actor: who,
      time: now,
      correlationid: correlationId,
    });
    const risk = assessmentOf(emits);
    return {
      id: caseId,
      caseNumber: next.caseNumber,
      status: next.status,
      riskLevel: next.riskLevel,
      version: next.version,
      referrals,
      ...(risk ? { risk } : {}),
    };
  });
}
