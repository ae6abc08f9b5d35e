import type { FastifyInstance } from 'fastify';
import type { Principal } from '@linkage/auth';
import { ConflictError, found, orThrow, uuidv7 } from '@linkage/domain';
import * as q from '../db/queries.ts';
import { assessmentOf } from '../domain/case/decide.ts';
import { updateInput } from '../domain/case/input.ts';
import type {
  CloseBody,
  ConsentBody,
  NoteBody,
  OverrideBody,
  ReopenBody,
  RiskAnswers,
  UpdateCaseBody,
} from '../domain/case/schemas.ts';
import { classifyHits, type MatchKey } from '../domain/duplicates/match.ts';
import { insertAssessment, insertSuggestions } from './case-rows.ts';
import { runCommand } from './run-command.ts';
import { enc, indexesOf } from './sections.ts';

export async function updateCase(
  app: FastifyInstance,
  who: Principal,
  caseId: string,
  body: UpdateCaseBody,
  correlationId: string,
) {
  const now = app.clock();
  const input = orThrow(updateInput(body, now));
  return runCommand(app, who, caseId, correlationId, {
    action: 'update',
    auditAction: 'case.updated',
    version: body.version,
    details: { changed: input.changed },
    build: () => ({
      kind: 'update',
      changed: input.changed,
      category: input.category,
      needs: input.needs,
      victim: input.victim?.profile,
    }),
    persist: async (tx) => {
      const set: Record<string, unknown> = {};
      if (body.victim && input.victim) {
        set.victimEnc = enc(app, caseId, 'victim', body.victim);
        const idx = indexesOf(app, input.victim.identity);
        await q.replaceBlindIndexes(tx, caseId, idx);
        // New identifying facts may reveal earlier cases: suggest them (the operator links or dismisses).
        const { candidates } = classifyHits(await q.findIndexHits(tx, idx, caseId), now);
        await insertSuggestions(tx, caseId, candidates);
      }
      if (body.caller) set.callerEnc = enc(app, caseId, 'caller', body.caller);
      if (body.perpetrator) {
        set.perpetratorEnc = enc(app, caseId, 'perpetrator', body.perpetrator);
        set.perpetratorRelation = body.perpetrator.relation;
      }
      if (body.incident) {
        set.incidentEnc = enc(app, caseId, 'incident', body.incident);
        set.violenceTypes = body.incident.violenceTypes;
        set.incidentAt = body.incident.occurredAt ? new Date(body.incident.occurredAt) : null;
      }
      if (body.narrative !== undefined) set.narrativeEnc = enc(app, caseId, 'narrative', body.narrative);
      if (body.requests) set.requestsEnc = enc(app, caseId, 'requests', body.requests);
      return set;
    },
  });
}

export async function assessRisk(
  app: FastifyInstance,
  who: Principal,
  caseId: string,
  body: RiskAnswers,
  correlationId: string,
) {
  const now = app.clock();
  return runCommand(app, who, caseId, correlationId, {
    action: 'assess_risk',
    auditAction: 'case.risk_assessed',
    reason: body.judgement ? 'professional judgement' : undefined,
    build: async (_row, tx) => ({ kind: 'assess_risk', ...body, checklist: await q.activeChecklist(tx) }),
    persist: async (tx, emits) => {
      const score = assessmentOf(emits);
      if (score) await insertAssessment(app, tx, who, caseId, body, score, now);
    },
  });
}

export async function recordConsent(
  app: FastifyInstance,
  who: Principal,
  caseId: string,
  body: ConsentBody,
  correlationId: string,
) {
  return runCommand(app, who, caseId, correlationId, {
    action: 'record_consent',
    auditAction: 'case.consent_recorded',
    details: { consent: body.consent },
    build: () => ({ kind: 'record_consent', consent: body.consent }),
    persist: async () => (body.wishes !== undefined ? { wishesEnc: enc(app, caseId, 'wishes', body.wishes) } : {}),
  });
}

export async function overrideConsent(
  app: FastifyInstance,
  who: Principal,
  caseId: string,
  body: OverrideBody,
  correlationId: string,
) {
  return runCommand(app, who, caseId, correlationId, {
    action: 'override_consent',
    auditAction: 'case.consent_overridden',
    reason: `override:${body.department}`,
    reasonText: body.reason,
    details: { department: body.department },
    build: () => ({ kind: 'override_consent', department: body.department, byRole: who.role }),
  });
}

export async function closeCase(
  app: FastifyInstance,
  who: Principal,
  caseId: string,
  body: CloseBody,
  correlationId: string,
) {
  const now = app.clock();
  return runCommand(app, who, caseId, correlationId, {
    action: 'close',
    auditAction: 'case.closed',
    reason: body.reason,
    reasonText: body.note,
    build: () => ({ kind: 'close', reason: body.reason, followUpDays: app.intakeSettings.followUpDays }),
    persist: async () => ({ closeReason: body.reason, closedAt: now }),
  });
}

export async function reopenCase(
  app: FastifyInstance,
  who: Principal,
  caseId: string,
  body: ReopenBody,
  correlationId: string,
) {
  return runCommand(app, who, caseId, correlationId, {
    action: 'reopen',
    auditAction: 'case.reopened',
    reason: body.reason,
    reasonText: body.note,
    build: () => ({ kind: 'reopen', reason: body.reason }),
    persist: async () => ({ closeReason: null, closedAt: null }),
  });
}

export async function addNote(
  app: FastifyInstance,
  who: Principal,
  caseId: string,
  body: NoteBody,
  correlationId: string,
) {
  const now = app.clock();
  const noteId = uuidv7(now.getTime());
  const r = await runCommand(app, who, caseId, correlationId, {
    action: 'notes',
    auditAction: 'case.note_added',
    details: { noteId },
    build: () => ({ kind: 'add_note', noteId }),
    persist: async (tx) => {
      await q.insertNote(tx, {
        id: noteId,
        caseId,
        bodyEnc: app.cipher.encrypt(body.text, `${noteId}#note`),
        authorSub: who.sub,
        authorRole: who.role,
        authorDept: who.dept,
        createdAt: now,
      });
    },
  });
  return { id: noteId, caseId, version: r.version, createdAt: now.toISOString() };
}

/** Link a suggested duplicate (an event) or dismiss it (audited only: nothing changes for other departments). */
export async function decideDuplicate(
  app: FastifyInstance,
  who: Principal,
  caseId: string,
  candidateId: string,
  decision: 'link' | 'dismiss',
  correlationId: string,
) {
  const now = app.clock();
  const r = await runCommand(app, who, caseId, correlationId, {
    action: 'duplicates',
    auditAction: decision === 'link' ? 'case.duplicate_linked' : 'case.duplicate_dismissed',
    details: { candidateCaseId: candidateId },
    build: async (_row, tx) => {
      const s = found(await q.lockSuggestion(tx, caseId, candidateId), 'The duplicate suggestion');
      if (s.status !== 'suggested')
        throw new ConflictError('already_decided', `This suggestion was already ${s.status}.`);
      const matchedOn = s.matchedOn as MatchKey[];
      return decision === 'link'
        ? { kind: 'link_duplicate', other: { caseId: s.candidateCaseId, caseNumber: s.candidateCaseNumber, matchedOn } }
        : { kind: 'dismiss_duplicate', otherCaseId: s.candidateCaseId };
    },
    persist: async (tx) =>
      q.decideSuggestion(tx, caseId, candidateId, decision === 'link' ? 'linked' : 'dismissed', now),
  });
  return {
    caseId,
    candidateCaseId: candidateId,
    status: decision === 'link' ? ('linked' as const) : ('dismissed' as const),
    version: r.version,
  };
}
