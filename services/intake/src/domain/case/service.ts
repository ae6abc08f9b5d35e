import type { FastifyInstance } from 'fastify';
import { AuthError, type Principal } from '@linkage/auth';
import type { CaseCategory, ConsentState, Need, RiskLevel } from '@linkage/contracts';
import { enqueue, newEvent, uuidv7 } from '@linkage/messaging';
import { checkReportGround } from './mandatory.ts';
import { audit, beijingYear, blindIndex, ConflictError, NotFoundError } from '@linkage/service-kit';
import type { Executor } from '@linkage/db';
import * as q from '../../db/queries.ts';
import type { CaseRow, cases } from '../../db/schema.ts';
import {
  blindIndexes as victimIndexes,
  classifyHits,
  type IdentifyingFacts,
  type MatchKey,
} from '../duplicates/match.ts';
import { checkResidentId, protectionFlags, type AgeBand, type ProtectionFlags } from '../victim/validate.ts';
import { assertValidPeople, decideOpenCase, mergeConsent, noConsent } from './open.ts';
import { unmetNeeds } from '../routing/rules.ts';
import { decideCase, type CaseCommand, type CaseSection, type CaseState } from './lifecycle.ts';
import { can, type CaseAction } from './policy.ts';
import type {
  CloseBody,
  ConsentBody,
  MandatoryReportBody,
  NoteBody,
  OpenCaseBody,
  OverrideBody,
  ReopenBody,
  RiskAnswers,
  UpdateCaseBody,
  Victim,
} from './schemas.ts';

type Section = 'caller' | 'victim' | 'perpetrator' | 'incident' | 'wishes' | 'narrative' | 'requests';
const aad = (caseId: string, section: Section) => `${caseId}#${section}`;
const enc = (app: FastifyInstance, caseId: string, section: Section, v: unknown) =>
  v === undefined || v === null
    ? null
    : app.cipher.encrypt(typeof v === 'string' ? v : JSON.stringify(v), aad(caseId, section));

/** AAD of a reason's words kept encrypted in an audit row's details (`reasonTextEnc`). */
export const auditTextAad = (caseId: string, auditAction: string) => `${caseId}#audit:${auditAction}`;

function denied(action: string): never {
  throw new AuthError(403, 'not_allowed', `Not allowed to ${action.replace(/_/g, ' ')} on this case.`);
}

/** The identifying facts a victim section gives for blind indexing (birth year from the ID number if needed). */
function factsOf(v: Victim | undefined, now: Date): IdentifyingFacts {
  if (!v) return {};
  let birthYear = v.birthYear;
  if (birthYear === undefined && v.idNumber) {
    const r = checkResidentId(v.idNumber, now);
    if (r.ok) birthYear = r.birth.getUTCFullYear();
  }
  return { name: v.name, phone: v.phone, idNumber: v.idNumber, birthYear, street: v.street };
}

const indexer = (app: FastifyInstance) => (purpose: string, value: string) =>
  blindIndex(app.config.blindIndexKey, purpose, value);

export interface OpenOptions {
  /** Set for mandatory reports: the case is owned by this dept and the report row is written. */
  report?: { body: MandatoryReportBody; ownerDept: string };
}

/**
 * Open a case: the case row, indexes, duplicate suggestions, referral requests, audit row and events commit together.
 */
export async function openCase(
  app: FastifyInstance,
  who: Principal,
  body: OpenCaseBody,
  correlationId: string,
  o: OpenOptions = {},
) {
  const now = app.clock();
  assertValidPeople(body, now); // 400 before anything is written
  const caseId = uuidv7(now.getTime());
  const idx = victimIndexes(factsOf(body.victim, now), indexer(app));
  const ownerDept = o.report?.ownerDept ?? who.dept;
  // A mandatory reporter is never named in an event, not even by role and institution.
  const systemActor = { role: 'system', dept: `svc:${app.service.name}` };
  return app.store.db.transaction(async (tx) => {
    const hits = await q.findIndexHits(tx, idx);
    const { candidates, repeat } = classifyHits(hits, now);
    const caseNumber = await q.nextCaseNumber(tx, beijingYear(now)); // the year in Beijing, not UTC
    const checklist = body.risk ? await q.activeChecklist(tx) : undefined;
    const d = decideOpenCase(
      body,
      {
        caseId,
        caseNumber,
        now,
        actor: who,
        ownerDept,
        correlationId,
        source: app.service.source,
        repeat,
        ...(checklist ? { checklist } : {}),
        ...(o.report ? { eventActor: systemActor } : {}),
      },
      () => uuidv7(now.getTime()),
    );
    await q.insertCase(tx, {
      id: caseId,
      caseNumber,
      channel: body.channel,
      category: body.category,
      street: body.victim?.street ?? null,
      riskLevel: d.risk.level,
      repeat,
      flags: d.flags,
      ageBand: d.ageBand,
      needs: body.needs,
      consent: d.consent,
      overrides: [],
      requested: d.referrals.map((r) => r.target),
      violenceTypes: body.incident?.violenceTypes ?? [],
      perpetratorRelation: body.perpetrator?.relation ?? null,
      incidentAt: body.incident?.occurredAt ? new Date(body.incident.occurredAt) : null,
      ownerDept,
      victimEnc: enc(app, caseId, 'victim', body.victim),
      callerEnc: enc(app, caseId, 'caller', body.caller),
      perpetratorEnc: enc(app, caseId, 'perpetrator', body.perpetrator),
      incidentEnc: enc(app, caseId, 'incident', body.incident),
      wishesEnc: enc(app, caseId, 'wishes', body.wishes),
      narrativeEnc: enc(app, caseId, 'narrative', body.narrative),
      requestsEnc: enc(app, caseId, 'requests', body.requests),
      unmetNeeds: d.unmet,
      openedAt: now,
    });
    await q.insertBlindIndexes(tx, caseId, idx);
    await q.insertSuggestions(
      tx,
      candidates.map((c) => ({
        caseId,
        candidateCaseId: c.caseId,
        candidateCaseNumber: c.caseNumber,
        matchedOn: c.matchedOn,
        withinRepeatWindow: c.withinRepeatWindow,
      })),
    );
    await q.insertReferralRequests(
      tx,
      d.referrals.map((r) => ({
        id: r.requestId,
        caseId,
        target: r.target,
        consentBasis: r.consentBasis,
        requestedAt: now,
      })),
    );
    if (d.assessmentId && body.risk)
      await insertAssessment(app, tx, who, caseId, d.assessmentId, body.risk, d.risk, now);
    let receiptNumber: string | undefined;
    if (o.report) {
      const reportId = uuidv7(now.getTime());
      receiptNumber = await q.nextReceiptNumber(tx, beijingYear(now));
      const r = o.report.body;
      await q.insertMandatoryReport(tx, {
        id: reportId,
        caseId,
        receiptNumber,
        reporterSub: who.sub,
        reporterDept: who.dept,
        reporterKind: r.reporterKind,
        capacity: r.capacity,
        reporterEnc: r.reporterContact
          ? app.cipher.encrypt(JSON.stringify(r.reporterContact), `${reportId}#reporter`)
          : null,
        receivedAt: now,
      });
      d.events.push(
        newEvent('intake.mandatory_report.received.v1', {
          source: app.service.source,
          subject: caseId,
          actor: systemActor,
          correlationid: correlationId,
          causationid: d.events[0]!.id,
          time: now,
          data: { reportId, caseId, receivedAt: now.toISOString() },
        }),
      );
    }
    await audit(tx, who, {
      action: o.report ? 'mandatory_report.filed' : 'case.opened',
      entityType: 'case',
      entityId: caseId,
      caseId,
      details: { referrals: d.referrals.length, repeat, duplicateCandidates: candidates.length },
    });
    await enqueue(tx, o.report ? reorderForReport(d.events) : d.events);
    return {
      id: caseId,
      caseNumber,
      status: 'open' as const,
      riskLevel: d.risk.level,
      risk: d.risk,
      repeat,
      flags: d.flags,
      duplicates: candidates.map((c) => ({
        caseId: c.caseId,
        caseNumber: c.caseNumber,
        matchedOn: c.matchedOn,
        withinRepeatWindow: c.withinRepeatWindow,
      })),
      referrals: d.referrals.map((r) => ({ requestId: r.requestId, target: r.target, consentBasis: r.consentBasis })),
      withheld: d.withheld,
      unmetNeeds: d.unmet,
      version: 1,
      ...(receiptNumber ? { receiptNumber } : {}),
    };
  });
}

// case.opened, mandatory_report.received, then the referral requests.
function reorderForReport<T extends { type: string }>(events: T[]): T[] {
  const received = events.filter((e) => e.type === 'intake.mandatory_report.received.v1');
  const rest = events.filter((e) => e.type !== 'intake.mandatory_report.received.v1');
  return [rest[0]!, ...received, ...rest.slice(1)];
}

async function insertAssessment(
  app: FastifyInstance,
  tx: Executor,
  who: Principal,
  caseId: string,
  id: string,
  answers: RiskAnswers,
  score: {
    checklistVersion: string;
    yesCount: number;
    scoredLevel: RiskLevel;
    level: RiskLevel;
    raisedByJudgement: boolean;
  },
  now: Date,
) {
  await q.insertRiskAssessment(tx, {
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
  });
}

/** File a mandatory report: a case opens (owned by the women's federation) with a police referral request. */
export async function fileMandatoryReport(
  app: FastifyInstance,
  who: Principal,
  body: MandatoryReportBody,
  correlationId: string,
  ownerDept: string,
) {
  // ADVL Art. 14 covers persons with no or limited civil capacity only: a report about a capable adult is 400
  checkReportGround(body, app.clock());
  const protection = { ...(body.victim?.protection ?? {}) };
  if (body.capacity === 'minor') protection.minor = true;
  const open: OpenCaseBody = {
    channel: 'mandatory_report',
    category: body.category ?? 'domestic_violence',
    needs: ['dv_protection'],
    ...(body.victim || Object.keys(protection).length > 0 ? { victim: { ...(body.victim ?? {}), protection } } : {}),
    ...(body.perpetrator ? { perpetrator: body.perpetrator } : {}),
    ...(body.incident ? { incident: body.incident } : {}),
    ...(body.narrative !== undefined ? { narrative: body.narrative } : {}),
  };
  const r = await openCase(app, who, open, correlationId, { report: { body, ownerDept } });
  return { receiptNumber: r.receiptNumber!, status: 'received' as const, receivedAt: app.clock().toISOString() };
}

/** A reporter's own reports: receipt number and a coarse status, nothing about the case's content. */
export async function myReports(app: FastifyInstance, who: Principal, receiptNumber?: string) {
  const rows = await q.reportsOf(app.store.db, who.sub, who.dept, receiptNumber);
  return rows.map((r) => ({
    receiptNumber: r.receiptNumber,
    receivedAt: r.receivedAt.toISOString(),
    status:
      r.status === 'closed'
        ? ('closed' as const)
        : r.requested.length > 0
          ? ('referred' as const)
          : ('received' as const),
  }));
}

export const stateOf = (row: CaseRow, requested?: string[]): CaseState => ({
  id: row.id,
  caseNumber: row.caseNumber,
  status: row.status as CaseState['status'],
  version: row.version,
  channel: row.channel,
  category: row.category as CaseCategory,
  street: row.street,
  riskLevel: row.riskLevel as RiskLevel,
  repeat: row.repeat,
  ageBand: row.ageBand as AgeBand,
  flags: row.flags,
  needs: row.needs,
  consent: mergeConsent(noConsent(), row.consent as Partial<ConsentState>),
  overrides: row.overrides,
  requested: (requested ?? row.requested) as CaseState['requested'],
});

interface CommandSpec {
  action: CaseAction;
  auditAction: string;
  /** The audit row's reason: a category (a code, a department), never the caller's words. */
  reason?: string | undefined;
  /** The caller's own words for the reason: personal data, kept in the audit row encrypted only. */
  reasonText?: string | undefined;
  details?: Record<string, unknown>;
  /** Build the command from the locked row (may read or check more in the transaction). */
  build: (row: CaseRow, tx: Executor) => Promise<CaseCommand> | CaseCommand;
  /** Extra row changes in the same transaction (sections, notes, assessments). */
  persist?: (
    tx: Executor,
    row: CaseRow,
    decision: ReturnType<typeof decideCase>,
  ) => Promise<Partial<typeof cases.$inferInsert> | void>;
}

/** Run one command on a case: lock, authorise, decide, then row + audit + events in one transaction. */
async function runCommand(
  app: FastifyInstance,
  who: Principal,
  caseId: string,
  correlationId: string,
  spec: CommandSpec,
) {
  const now = app.clock();
  return app.store.db.transaction(async (tx) => {
    const row = await q.lockCase(tx, caseId);
    if (!row) throw new NotFoundError('The case');
    if (!can(who, spec.action, row)) denied(spec.action);
    const cmd = await spec.build(row, tx);
    const decision = decideCase(stateOf(row), cmd, {
      now,
      actor: who,
      correlationId,
      source: app.service.source,
      newId: () => uuidv7(now.getTime()),
      followUpDays: app.intakeSettings.followUpDays,
    });
    // A change of street moves the case into another jurisdiction: only into one the caller holds.
    if (
      decision.next.street !== row.street &&
      !can(who, spec.action, { ownerDept: row.ownerDept, street: decision.next.street })
    )
      denied(spec.action);
    const extra = (await spec.persist?.(tx, row, decision)) ?? {};
    const n = decision.next;
    const unmet = unmetNeeds(
      {
        channel: n.channel,
        category: n.category,
        needs: n.needs,
        riskLevel: n.riskLevel,
        ageBand: n.ageBand,
        consent: n.consent,
        overrides: n.overrides,
      },
      n.requested,
    );
    await q.updateCase(tx, caseId, {
      status: n.status,
      version: n.version,
      category: n.category,
      street: n.street,
      riskLevel: n.riskLevel,
      ageBand: n.ageBand,
      flags: n.flags,
      needs: n.needs,
      consent: n.consent,
      overrides: n.overrides,
      requested: n.requested,
      unmetNeeds: unmet,
      updatedAt: now,
      ...extra,
    });
    await q.insertReferralRequests(
      tx,
      decision.referrals.map((r) => ({
        id: r.requestId,
        caseId,
        target: r.target,
        consentBasis: r.consentBasis,
        requestedAt: now,
      })),
    );
    await audit(tx, who, {
      action: spec.auditAction,
      entityType: 'case',
      entityId: caseId,
      caseId,
      reason: spec.reason ?? null,
      details: {
        version: n.version,
        referrals: decision.referrals.map((r) => `${r.target}:${r.consentBasis}`),
        ...(spec.details ?? {}),
        ...(spec.reasonText
          ? { reasonTextEnc: app.cipher.encrypt(spec.reasonText, auditTextAad(caseId, spec.auditAction)) }
          : {}),
      },
    });
    await enqueue(tx, decision.events);
    return {
      id: caseId,
      caseNumber: n.caseNumber,
      status: n.status,
      riskLevel: n.riskLevel,
      version: n.version,
      referrals: decision.referrals.map((r) => ({
        requestId: r.requestId,
        target: r.target,
        consentBasis: r.consentBasis,
      })),
      ...(decision.risk ? { risk: decision.risk } : {}),
    };
  });
}

export async function updateCase(
  app: FastifyInstance,
  who: Principal,
  caseId: string,
  body: UpdateCaseBody,
  correlationId: string,
) {
  const now = app.clock();
  assertValidPeople(body, now);
  const changed = (['category', 'caller', 'victim', 'perpetrator', 'incident', 'needs', 'narrative'] as const).filter(
    (k) => body[k] !== undefined,
  ) as CaseSection[];
  return runCommand(app, who, caseId, correlationId, {
    action: 'update',
    auditAction: 'case.updated',
    details: { changed },
    build: () => {
      let derived: { street: string | null; ageBand: AgeBand; flags: ProtectionFlags } | undefined;
      if (body.victim) {
        const pf = protectionFlags(body.victim, now);
        derived = { street: body.victim.street ?? null, ...pf };
      }
      return {
        kind: 'update',
        version: body.version,
        changed,
        category: body.category,
        needs: body.needs as Need[] | undefined,
        derived,
      };
    },
    persist: async (tx) => {
      const set: Record<string, unknown> = {};
      if (body.victim) {
        set.victimEnc = enc(app, caseId, 'victim', body.victim);
        const idx = victimIndexes(factsOf(body.victim, now), indexer(app));
        await q.replaceBlindIndexes(tx, caseId, idx);
        // New identifying facts may reveal earlier cases: suggest them (the operator links or dismisses).
        const { candidates } = classifyHits(await q.findIndexHits(tx, idx, caseId), now);
        await q.insertSuggestions(
          tx,
          candidates.map((c) => ({
            caseId,
            candidateCaseId: c.caseId,
            candidateCaseNumber: c.caseNumber,
            matchedOn: c.matchedOn,
            withinRepeatWindow: c.withinRepeatWindow,
          })),
        );
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
    build: async (_row, tx) => ({
      kind: 'assess_risk',
      yes: body.yes,
      judgement: body.judgement,
      judgementReason: body.judgementReason,
      checklist: await q.activeChecklist(tx),
    }),
    persist: async (tx, _row, d) => {
      if (d.risk) await insertAssessment(app, tx, who, caseId, d.risk.assessmentId, body, d.risk, now);
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
    build: () => ({ kind: 'override_consent', department: body.department, reason: body.reason }),
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
    build: () => ({ kind: 'close', reason: body.reason }),
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
  let matchedOn: MatchKey[] = [];
  const r = await runCommand(app, who, caseId, correlationId, {
    action: 'duplicates',
    auditAction: decision === 'link' ? 'case.duplicate_linked' : 'case.duplicate_dismissed',
    details: { candidateCaseId: candidateId },
    build: async (_row, tx) => {
      const s = await q.lockSuggestion(tx, caseId, candidateId);
      if (!s) throw new NotFoundError('The duplicate suggestion');
      if (s.status !== 'suggested')
        throw new ConflictError('already_decided', `This suggestion was already ${s.status}.`);
      matchedOn = s.matchedOn as MatchKey[];
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

async function readable(
  app: FastifyInstance,
  who: Principal,
  caseId: string,
): Promise<{ row: CaseRow; identified: boolean }> {
  const row = await q.findCase(app.store.db, caseId);
  if (!row) throw new NotFoundError('The case');
  if (can(who, 'view_identified', row)) return { row, identified: true };
  if (can(who, 'view_deidentified', row)) return { row, identified: false };
  denied('view');
}

const dec = (app: FastifyInstance, row: CaseRow, section: Section, v: string | null, json = true) => {
  if (v === null) return null;
  const plain = app.cipher.decrypt(v, aad(row.id, section));
  return json ? (JSON.parse(plain) as Record<string, unknown>) : plain;
};

/**
 * View a case. Operators and caseworkers of the owning dept see personal data (audited); coordinators a de-identified
 * view.
 */
export async function viewCase(app: FastifyInstance, who: Principal, caseId: string) {
  const { row, identified } = await readable(app, who, caseId);
  const db = app.store.db;
  const [requests, assessments, status] = await Promise.all([
    q.referralRequestsOf(db, caseId),
    q.riskAssessmentsOf(db, caseId),
    q.statusOf(db, caseId),
  ]);
  const base = {
    id: row.id,
    caseNumber: row.caseNumber,
    channel: row.channel,
    category: row.category,
    street: row.street,
    riskLevel: row.riskLevel,
    repeat: row.repeat,
    status: row.status,
    closeReason: row.closeReason,
    flags: row.flags,
    ageBand: row.ageBand,
    needs: row.needs,
    violenceTypes: row.violenceTypes,
    perpetratorRelation: row.perpetratorRelation,
    consent: stateOf(row).consent,
    overrides: row.overrides,
    openedAt: row.openedAt.toISOString(),
    version: row.version,
    referrals: requests.map((r) => ({ requestId: r.id, target: r.target, consentBasis: r.consentBasis })),
    riskAssessments: assessments.map((a) => ({
      id: a.id,
      checklistVersion: a.checklistVersion,
      yesCount: a.yesCount,
      level: a.level,
      raisedByJudgement: a.raisedByJudgement,
      assessedAt: a.assessedAt.toISOString(),
    })),
    statusSummary: status.map(statusView),
    unmetNeeds: row.unmetNeeds,
  };
  if (!identified) return { ...base, identified: false as const };
  const [suggestions, report] = await Promise.all([q.suggestionsOf(db, caseId), q.mandatoryReportOfCase(db, caseId)]);
  await audit(db, who, { action: 'case.personal_data.viewed', entityType: 'case', entityId: caseId, caseId });
  return {
    ...base,
    identified: true as const,
    victim: dec(app, row, 'victim', row.victimEnc),
    caller: dec(app, row, 'caller', row.callerEnc),
    perpetrator: dec(app, row, 'perpetrator', row.perpetratorEnc),
    incident: dec(app, row, 'incident', row.incidentEnc),
    wishes: dec(app, row, 'wishes', row.wishesEnc, false) as string | null,
    narrative: dec(app, row, 'narrative', row.narrativeEnc, false) as string | null,
    requests: dec(app, row, 'requests', row.requestsEnc),
    duplicates: suggestions.map((s) => ({
      caseId: s.candidateCaseId,
      caseNumber: s.candidateCaseNumber,
      matchedOn: s.matchedOn,
      withinRepeatWindow: s.withinRepeatWindow,
      status: s.status,
    })),
    // The reporter's identity stays confidential: only the receipt and the kind of institution.
    mandatoryReport: report
      ? { receiptNumber: report.receiptNumber, reporterKind: report.reporterKind, capacity: report.capacity }
      : null,
  };
}

const statusView = (s: Awaited<ReturnType<typeof q.statusOf>>[number]) => ({
  ref: s.ref,
  service: s.service,
  department: s.department,
  assignedDept: s.assignedDept,
  status: s.status,
  dueAt: s.dueAt ? s.dueAt.toISOString() : null,
  at: s.at.toISOString(),
});

export async function caseStatus(app: FastifyInstance, who: Principal, caseId: string) {
  const { row } = await readable(app, who, caseId);
  return {
    caseId,
    status: row.status,
    riskLevel: row.riskLevel,
    entries: (await q.statusOf(app.store.db, caseId)).map(statusView),
  };
}

export async function listNotes(app: FastifyInstance, who: Principal, caseId: string) {
  const row = await q.findCase(app.store.db, caseId);
  if (!row) throw new NotFoundError('The case');
  if (!can(who, 'notes', row)) denied('read notes');
  const rows = await q.notesOf(app.store.db, caseId);
  await audit(app.store.db, who, {
    action: 'case.notes.viewed',
    entityType: 'case',
    entityId: caseId,
    caseId,
    details: { count: rows.length },
  });
  return rows.map((n) => ({
    id: n.id,
    text: app.cipher.decrypt(n.bodyEnc, `${n.id}#note`),
    authorRole: n.authorRole,
    authorDept: n.authorDept,
    createdAt: n.createdAt.toISOString(),
  }));
}

export interface SearchQuery {
  page?: number;
  pageSize?: number;
  status?: string;
  riskLevel?: string;
  street?: string;
  category?: string;
  repeat?: boolean;
  openedFrom?: string;
  openedTo?: string;
}

/**
 * Search cases: operators and caseworkers see their department's cases, coordinators all (within their streets). No
 * personal data.
 */
export async function searchCases(app: FastifyInstance, who: Principal, s: SearchQuery) {
  const page = s.page ?? 1;
  const pageSize = s.pageSize ?? 20;
  const { total, items } = await q.searchCases(
    app.store.db,
    {
      ownerDept: who.role === 'coordinator' ? undefined : who.dept,
      streets: who.streets,
      status: s.status,
      riskLevel: s.riskLevel,
      street: s.street,
      category: s.category,
      repeat: s.repeat,
      openedFrom: s.openedFrom ? new Date(s.openedFrom) : undefined,
      openedTo: s.openedTo ? new Date(s.openedTo) : undefined,
    },
    page,
    pageSize,
  );
  return { page, pageSize, total, items: items.map((i) => ({ ...i, openedAt: i.openedAt.toISOString() })) };
}

export async function listDuplicates(app: FastifyInstance, who: Principal, caseId: string) {
  const row = await q.findCase(app.store.db, caseId);
  if (!row) throw new NotFoundError('The case');
  if (!can(who, 'duplicates', row)) denied('see duplicates');
  const rows = await q.suggestionsOf(app.store.db, caseId);
  return rows.map((s) => ({
    caseId: s.candidateCaseId,
    caseNumber: s.candidateCaseNumber,
    matchedOn: s.matchedOn,
    withinRepeatWindow: s.withinRepeatWindow,
    status: s.status,
  }));
}
