import type { FastifyInstance } from 'fastify';
import type { Principal } from '@linkage/auth';
import { beijingYear, orThrow, systemActor, uuidv7 } from '@linkage/domain';
import { bulkInsert, together } from '@linkage/db';
import { outboxInsert, outboxNotify } from '@linkage/messaging';
import { auditInsert, auditRow } from '@linkage/service-kit';
import { sql } from 'drizzle-orm';
import * as q from '../db/queries.ts';
import {
  blindIndexes,
  cases,
  duplicateSuggestions,
  mandatoryReports,
  referralRequests,
  riskAssessments,
} from '../db/schema.ts';
import { assessmentOf, decide, type OpenCase } from '../domain/case/decide.ts';
import { evolve } from '../domain/case/evolve.ts';
import { openInput, type OpenInput } from '../domain/case/input.ts';
import { reportedCase } from '../domain/case/mandatory.ts';
import { referralsOf } from '../domain/case/referrals.ts';
import type { MandatoryReportBody, OpenCaseBody } from '../domain/case/schemas.ts';
import { routingOf } from '../domain/case/state.ts';
import { classifyHits } from '../domain/duplicates/match.ts';
import { DASH_V1, scoreRisk, type Checklist, type RiskScore } from '../domain/risk/checklist.ts';
import { route } from '../domain/routing/rules.ts';
import { assessmentRow, columnsOf, requestRows, suggestionRows } from './case-rows.ts';
import { decidedEvents } from './emit.ts';
import { enc, indexesOf } from './sections.ts';

/** A mandatory report being filed with its case: the report row is written and the reporter stays unnamed. */
interface Report {
  body: MandatoryReportBody;
  ownerDept: string;
}

/** Open a case (hotline, walk-in, 110 transfer, online). */
export async function openCase(app: FastifyInstance, who: Principal, body: OpenCaseBody, correlationId: string) {
  const input = orThrow(openInput(body, app.clock()));
  return open(app, who, body, input, correlationId);
}

/** File a mandatory report: a case opens (owned by the women's federation) with a police referral request. */
export async function fileMandatoryReport(
  app: FastifyInstance,
  who: Principal,
  body: MandatoryReportBody,
  correlationId: string,
  ownerDept: string,
) {
  const now = app.clock();
  const reported = reportedCase(body);
  // ADVL Art. 14 covers persons with no or limited civil capacity only: a report about a capable adult is 400
  const input = orThrow(openInput(reported, now, body.capacity));
  const r = await open(app, who, reported, input, correlationId, { body, ownerDept });
  return { receiptNumber: r.receiptNumber!, status: 'received' as const, receivedAt: now.toISOString() };
}

/**
 * Open a validated case: the case row, indexes, duplicate suggestions, referral requests, the
 * screening, the report, the audit row and the events commit together.
 */
async function open(
  app: FastifyInstance,
  who: Principal,
  body: OpenCaseBody,
  input: OpenInput,
  correlationId: string,
  report?: Report,
) {
  const now = app.clock();
  const caseId = uuidv7(now.getTime());
  const idx = indexesOf(app, input.identity);
  // Two round trips: first everything it reads, in one statement (read committed either way; the numbers come
  // from sequences), then, after decide, the rows and their encryption, everything it writes in another.
  const reads = await q.openingReads(app.store.db, idx, { checklist: Boolean(input.risk), receipt: Boolean(report) });
  const year = beijingYear(now); // the year in Beijing, not UTC
  const caseNumber = q.caseNumberOf(year, reads.caseSeq);
  const receiptNumber = reads.receiptSeq === null ? undefined : q.receiptNumberOf(year, reads.receiptSeq);
  const checklist = (reads.checklist as Checklist | null) ?? DASH_V1;
  const hits = reads.hits;
  const { candidates, repeat } = classifyHits(hits, now);
  const reportId = report && uuidv7(now.getTime());
  const cmd: OpenCase = {
    kind: 'open',
    caseId,
    caseNumber,
    ownerDept: report?.ownerDept ?? who.dept,
    channel: input.channel,
    category: input.category,
    needs: input.needs,
    victim: input.victim,
    consent: input.consent,
    risk: input.risk,
    checklist,
    repeat,
    reportId,
  };
  const emits = orThrow(decide(undefined, cmd, now));
  const next = evolve(undefined, cmd, emits);
  const columns = columnsOf(next);
  const referrals = referralsOf(emits);
  const assessment = assessmentOf(emits);
  const row = {
    id: caseId,
    caseNumber,
    ...columns,
    violenceTypes: body.incident?.violenceTypes ?? [],
    perpetratorRelation: body.perpetrator?.relation ?? null,
    incidentAt: body.incident?.occurredAt ? new Date(body.incident.occurredAt) : null,
    ownerDept: cmd.ownerDept,
    victimEnc: enc(app, caseId, 'victim', body.victim),
    callerEnc: enc(app, caseId, 'caller', body.caller),
    perpetratorEnc: enc(app, caseId, 'perpetrator', body.perpetrator),
    incidentEnc: enc(app, caseId, 'incident', body.incident),
    wishesEnc: enc(app, caseId, 'wishes', body.wishes),
    narrativeEnc: enc(app, caseId, 'narrative', body.narrative),
    requestsEnc: enc(app, caseId, 'requests', body.requests),
    openedAt: now,
  };
  // A mandatory reporter is never named in an event, not even by role and institution.
  const actor = report ? systemActor('intake') : who;
  const events = decidedEvents(emits, {
    source: app.service.source,
    subject: caseId,
    actor,
    time: now,
    correlationid: correlationId,
  });
  // The case and every row that references it in ONE statement (foreign keys are checked at its end), which also
  // records the request's Idempotency-Key if it has one; the NOTIFY wakes the relay at commit.
  const writes = [
    bulkInsert(cases, [row]),
    ...(reportId && report && receiptNumber
      ? [bulkInsert(mandatoryReports, [reportRow(app, who, caseId, reportId, receiptNumber, report, now)])]
      : []),
    ...(idx.length > 0 ? [bulkInsert(blindIndexes, q.blindIndexRows(caseId, idx), sql`on conflict do nothing`)] : []),
    ...(candidates.length > 0
      ? [bulkInsert(duplicateSuggestions, suggestionRows(caseId, candidates), sql`on conflict do nothing`)]
      : []),
    ...(referrals.length > 0 ? [bulkInsert(referralRequests, requestRows(caseId, referrals, now))] : []),
    ...(assessment && input.risk
      ? [bulkInsert(riskAssessments, [assessmentRow(app, who, caseId, input.risk, assessment, now)])]
      : []),
    auditInsert([
      auditRow(who, {
        action: report ? 'mandatory_report.filed' : 'case.opened',
        entityType: 'case',
        entityId: caseId,
        caseId,
        details: { referrals: referrals.length, repeat, duplicateCandidates: candidates.length },
      }),
    ]),
    outboxInsert(events),
  ];
  await app.commit(together(writes, outboxNotify()));
  return {
    id: caseId,
    caseNumber,
    status: 'open' as const,
    riskLevel: next.riskLevel,
    risk: assessment ? scoreOf(assessment) : scoreRisk([], undefined, repeat, cmd.checklist),
    repeat,
    flags: next.flags,
    duplicates: candidates.map((c) => ({
      caseId: c.caseId,
      caseNumber: c.caseNumber,
      matchedOn: c.matchedOn,
      withinRepeatWindow: c.withinRepeatWindow,
    })),
    referrals,
    withheld: route(routingOf(next)).withheld,
    unmetNeeds: columns.unmetNeeds,
    version: next.version,
    ...(report && receiptNumber ? { receiptNumber } : {}),
  };
}

const scoreOf = ({ assessmentId: _, ...score }: RiskScore & { assessmentId: string }): RiskScore => score;

/** A mandatory report's row: the reporter's contact encrypted; the reporter's account is kept, never sent out. */
function reportRow(
  app: FastifyInstance,
  who: Principal,
  caseId: string,
  reportId: string,
  receiptNumber: string,
  report: Report,
  now: Date,
) {
  const r = report.body;
  return {
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
  } satisfies typeof mandatoryReports.$inferInsert;
}
