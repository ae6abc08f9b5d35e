import type { FastifyInstance } from 'fastify';
import type { Principal } from '@linkage/auth';
import type { CaseCategory, ConsentState, RiskLevel, Street } from '@linkage/contracts';
import type { Executor } from '@linkage/db';
import * as q from '../db/queries.ts';
import type { CaseRow, cases, riskAssessments } from '../db/schema.ts';
import type { Referral } from '../domain/case/referrals.ts';
import type { RiskAnswers } from '../domain/case/schemas.ts';
import { mergeConsent, noConsent, routingOf, type CaseState, type Channel } from '../domain/case/state.ts';
import type { DuplicateCandidate } from '../domain/duplicates/match.ts';
import type { RiskScore } from '../domain/risk/checklist.ts';
import { unmetNeeds } from '../domain/routing/rules.ts';
import type { AgeBand } from '../domain/victim/validate.ts';

/** The case's state as decide reads it, from its row. */
export const stateOf = (row: CaseRow): CaseState => ({
  id: row.id,
  caseNumber: row.caseNumber,
  status: row.status as CaseState['status'],
  version: row.version,
  channel: row.channel as Channel,
  category: row.category as CaseCategory,
  street: row.street as Street | null,
  riskLevel: row.riskLevel as RiskLevel,
  repeat: row.repeat,
  ageBand: row.ageBand as AgeBand,
  flags: row.flags,
  needs: row.needs,
  consent: mergeConsent(noConsent(), row.consent as Partial<ConsentState>),
  overrides: row.overrides,
  requested: row.requested as CaseState['requested'],
});

/** The row's columns a state sets, with the needs no requested department acts on. */
export const columnsOf = (s: CaseState) =>
  ({
    status: s.status,
    version: s.version,
    channel: s.channel,
    category: s.category,
    street: s.street,
    riskLevel: s.riskLevel,
    repeat: s.repeat,
    ageBand: s.ageBand,
    flags: s.flags,
    needs: s.needs,
    consent: s.consent,
    overrides: s.overrides,
    requested: s.requested,
    unmetNeeds: unmetNeeds(routingOf(s), s.requested),
  }) satisfies Partial<typeof cases.$inferInsert>;

/** The referral requests a command decided (the dossier's consent bases read them). */
export const requestRows = (caseId: string, referrals: readonly Referral[], at: Date) =>
  referrals.map((r) => ({
    id: r.requestId,
    caseId,
    target: r.target,
    consentBasis: r.consentBasis,
    requestedAt: at,
  }));

/** Keep the referral requests a command decided. */
export async function insertRequests(tx: Executor, caseId: string, referrals: readonly Referral[], at: Date) {
  await q.insertReferralRequests(tx, requestRows(caseId, referrals, at));
}

/** Earlier cases that may concern the same person (the operator links or dismisses each). */
export const suggestionRows = (caseId: string, candidates: readonly DuplicateCandidate[]) =>
  candidates.map((c) => ({
    caseId,
    candidateCaseId: c.caseId,
    candidateCaseNumber: c.caseNumber,
    matchedOn: c.matchedOn,
    withinRepeatWindow: c.withinRepeatWindow,
  }));

/** Suggest earlier cases that may concern the same person. */
export async function insertSuggestions(tx: Executor, caseId: string, candidates: readonly DuplicateCandidate[]) {
  await q.insertSuggestions(tx, suggestionRows(caseId, candidates));
}

/** Keep a screening: the answers given, the score, and a judgement's reason encrypted. */
export async function insertAssessment(
  app: FastifyInstance,
  tx: Executor,
  who: Principal,
  caseId: string,
  answers: RiskAnswers,
  score: RiskScore & { assessmentId: string },
  now: Date,
) {
  await q.insertRiskAssessment(tx, assessmentRow(app, who, caseId, answers, score, now));
}

/** A screening's row: the answers given, the score, and a judgement's reason encrypted. */
export function assessmentRow(
  app: FastifyInstance,
  who: Principal,
  caseId: string,
  answers: RiskAnswers,
  score: RiskScore & { assessmentId: string },
  now: Date,
) {
  const id = score.assessmentId;
  return {
    id,
    caseId,
    checklistVersion: score.checklistVersion,
    answers: [...new Set(answers.yes)],
    yesCount: score.yesCount,
    scoredLevel: score.scoredLevel,
    level: score.level,
    raisedByJudgement: score.raisedByJudgement,
    judgementReasonEnc: answers.judgementReason ? app.cipher.encrypt(answers.judgementReason, `${id}#judgement`) : null,
    assessorRole: who.role,
    assessorDept: who.dept,
    assessedAt: now,
  } satisfies typeof riskAssessments.$inferInsert;
}
