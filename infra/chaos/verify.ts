// Counts, per acknowledged case, every effect it should have caused in every service's database, read
// directly (this is an operator's tool, not a service): lost (fewer than expected), doubled (more),
// out of order (a consumer applied a case's events in another order than their producer wrote them),
// dead-lettered (the case's events on a .dlq topic).
//
// What a case should cause follows from what intake recorded for it (its referral requests):
//   intake         the case row; one case.opened, one risk.assessed, one referral.requested per request
//   dv-referral    for a request to 'dv': the referrals and the protection-order application that
//                  dv-referral's own rule derives from the request (referralsForRequest and
//                  orderApplicationForRequest: police always; shelter and an urgent order when high risk
//                  and she consented to them), each exactly once
//   legal-aid      for a request to 'legal_aid': one application
//   elder-care     for a request to 'elder_care': one client record
//   case-timeline  every event any service produced for the case, in its inbox (it projects them all)
import postgres, { type Sql } from 'postgres';
import type { ReferralRequestedV1 } from '@linkage/contracts';
import {
  orderApplicationForRequest,
  referralsForRequest,
} from '../../services/dv-referral/src/domain/referral/decide.ts';
import type { Svc } from './stack.ts';

export const PRODUCER_OF_TOPIC: Record<string, Svc> = {
  'intake.events': 'intake',
  'dv.events': 'dv-referral',
  'legal-aid.events': 'legal-aid',
  'elder-care.events': 'elder-care',
  'oversight.events': 'case-timeline',
};

export interface CaseReport {
  id: string;
  lost: string[];
  doubled: string[];
  outOfOrder: string[];
  deadLettered: number;
}

export interface Verdict {
  cases: Map<string, CaseReport>;
  /** Cases whose expected effects are all present and none doubled. */
  complete: number;
  /** Effects expected over all cases (rows and events counted), and how many of them were found. */
  expectedEffects: number;
  foundEffects: number;
}

type Count = Map<string, number>;
const key = (...parts: string[]) => parts.join('|');

async function counts(sql: Sql, text: string, ids: string[]): Promise<Count> {
  const rows = await sql.unsafe<{ k: string; n: number }[]>(text, [ids]);
  return new Map(rows.map((r) => [r.k, r.n]));
}

export class Verifier {
  private readonly sql: Record<Svc, Sql>;

  /** dbUrl: the services of the stack (a stack of fewer services is checked for those only). */
  constructor(dbUrl: Partial<Record<Svc, string>>) {
    const open = (url: string) => postgres(url, { max: 2, onnotice: () => {}, connect_timeout: 5, idle_timeout: 10 });
    this.sql = Object.fromEntries(Object.entries(dbUrl).map(([s, url]) => [s, open(url)])) as Record<Svc, Sql>;
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.sql).map((s) => s.end({ timeout: 5 })));
  }

  /** dlq: how many dead letters each case has (from the .dlq topics). */
  async verify(ids: string[], dlq: Map<string, number> = new Map()): Promise<Verdict> {
    const s = this.sql;
    const has = (svc: Svc) => svc in s;
    const none = async () => new Map<string, number>() as Count;
    const requests = await s.intake.unsafe<{ case_id: string; target: string; n: number }[]>(
      'select case_id::text, target, count(*)::int as n from referral_requests where case_id = any($1::uuid[]) group by 1, 2',
      [ids],
    );
    const dvRequests = await s.intake.unsafe<{ k: string; data: ReferralRequestedV1['data'] }[]>(
      "select key as k, payload->'data' as data from outbox where key = any($1::text[]) and type = 'intake.referral.requested.v1' and payload->'data'->>'target' = 'dv'",
      [ids],
    );
    const [caseRows, intakeEvents, dvRefs, dvOrders, laApps, ecClients] = await Promise.all([
      counts(
        s.intake,
        'select id::text as k, count(*)::int as n from cases where id = any($1::uuid[]) group by 1',
        ids,
      ),
      counts(
        s.intake,
        "select key || '|' || type as k, count(*)::int as n from outbox where key = any($1::text[]) group by 1",
        ids,
      ),
      has('dv-referral')
        ? counts(
            s['dv-referral'],
            "select case_id::text || '|' || department as k, count(*)::int as n from referrals where case_id = any($1::uuid[]) group by 1",
            ids,
          )
        : none(),
      has('dv-referral')
        ? counts(
            s['dv-referral'],
            'select case_id::text as k, count(*)::int as n from protection_orders where case_id = any($1::uuid[]) group by 1',
            ids,
          )
        : none(),
      has('legal-aid')
        ? counts(
            s['legal-aid'],
            'select case_id::text as k, count(*)::int as n from applications where case_id = any($1::uuid[]) group by 1',
            ids,
          )
        : none(),
      has('elder-care')
        ? counts(
            s['elder-care'],
            'select case_id::text as k, count(*)::int as n from clients where case_id = any($1::uuid[]) group by 1',
            ids,
          )
        : none(),
    ]);

    const report = new Map<string, CaseReport>(
      ids.map((id) => [id, { id, lost: [], doubled: [], outOfOrder: [], deadLettered: dlq.get(id) ?? 0 }]),
    );
    let expectedEffects = 0;
    let foundEffects = 0;
    const expect = (id: string, what: string, actual: number, expected: number) => {
      const r = report.get(id)!;
      expectedEffects += expected;
      foundEffects += Math.min(actual, expected);
      if (actual < expected) r.lost.push(`${what} ${actual}/${expected}`);
      if (actual > expected) r.doubled.push(`${what} ${actual}/${expected}`);
    };
    const requestsOf = new Map<string, Map<string, number>>();
    for (const r of requests) {
      if (!requestsOf.has(r.case_id)) requestsOf.set(r.case_id, new Map());
      requestsOf.get(r.case_id)!.set(r.target, r.n);
    }
    const dvReq = new Map(dvRequests.map((r) => [r.k, r]));
    for (const id of ids) {
      const req = requestsOf.get(id) ?? new Map<string, number>();
      const nReq = [...req.values()].reduce((a, b) => a + b, 0);
      expect(id, 'intake case', caseRows.get(id) ?? 0, 1);
      expect(id, 'intake case.opened', intakeEvents.get(key(id, 'intake.case.opened.v1')) ?? 0, 1);
      expect(id, 'intake risk.assessed', intakeEvents.get(key(id, 'intake.risk.assessed.v1')) ?? 0, 1);
      expect(
        id,
        'intake referral.requested',
        intakeEvents.get(key(id, 'intake.referral.requested.v1')) ?? 0,
        Math.max(nReq, 1),
      );
      for (const [target, n] of req)
        if (n > 1) report.get(id)!.doubled.push(`intake referral_request ${target} ${n}/1`);
      const dv = req.has('dv') ? dvReq.get(id) : undefined;
      if (has('dv-referral')) {
        const wanted = dv ? referralsForRequest(dv.data, new Date(), { defaultHours: 24, highRiskHours: 1 }) : [];
        for (const dept of ['police', 'shelter'] as const)
          expect(
            id,
            `dv ${dept} referral`,
            dvRefs.get(key(id, dept)) ?? 0,
            wanted.filter((r) => r.department === dept).length,
          );
        expect(
          id,
          'dv protection order',
          dvOrders.get(id) ?? 0,
          dv && orderApplicationForRequest(dv.data, 'court:beilun') ? 1 : 0,
        );
      }
      if (has('legal-aid')) expect(id, 'legal-aid application', laApps.get(id) ?? 0, req.has('legal_aid') ? 1 : 0);
      if (has('elder-care')) expect(id, 'elder-care client', ecClients.get(id) ?? 0, req.has('elder_care') ? 1 : 0);
    }

    // case-timeline projects every event of every topic: each produced event must be in its inbox.
    const produced = new Map<string, { caseId: string; type: string; service: Svc }>();
    const producers = Object.values(PRODUCER_OF_TOPIC).filter(has);
    for (const svc of producers) {
      const rows = await s[svc].unsafe<{ event_id: string; key: string; type: string }[]>(
        'select event_id::text, key, type from outbox where key = any($1::text[])',
        [ids],
      );
      for (const r of rows) produced.set(r.event_id, { caseId: r.key, type: r.type, service: svc });
    }
    if (has('case-timeline')) {
      const seen = await s['case-timeline'].unsafe<{ event_id: string }[]>(
        'select event_id::text from inbox where event_id = any($1::uuid[])',
        [[...produced.keys()]],
      );
      const seenSet = new Set(seen.map((r) => r.event_id));
      for (const [eventId, e] of produced) {
        expectedEffects++;
        if (seenSet.has(eventId)) foundEffects++;
        else report.get(e.caseId)?.lost.push(`timeline ${e.type} (from ${e.service})`);
      }
    }

    // Order: in each consumer, a case's events from one topic are applied in their producer's outbox order.
    const outboxId = new Map<string, number>();
    for (const svc of producers) {
      const rows = await s[svc].unsafe<{ event_id: string; id: number }[]>(
        'select event_id::text, id::int8 as id from outbox where key = any($1::text[])',
        [ids],
      );
      for (const r of rows) outboxId.set(r.event_id, Number(r.id));
    }
    for (const consumer of (['dv-referral', 'legal-aid', 'elder-care', 'case-timeline'] as const).filter(has)) {
      const rows = await s[consumer].unsafe<{ event_id: string; topic: string; received_at: Date }[]>(
        // received_at is the transaction's time: a consumer applies a batch of one partition in one
        // transaction (every row the same received_at), in offset order; a case is one partition.
        'select event_id::text, topic, received_at from inbox where event_id = any($1::uuid[]) order by received_at, topic, partition, "offset"',
        [[...produced.keys()]],
      );
      const last = new Map<string, number>();
      for (const r of rows) {
        const e = produced.get(r.event_id)!;
        const k = key(e.caseId, r.topic);
        const id = outboxId.get(r.event_id)!;
        const prev = last.get(k);
        if (prev !== undefined && id < prev)
          report.get(e.caseId)!.outOfOrder.push(`${consumer}: ${e.type} after a later ${r.topic} event`);
        last.set(k, Math.max(prev ?? id, id));
      }
    }
    let complete = 0;
    for (const r of report.values()) if (r.lost.length === 0 && r.doubled.length === 0) complete++;
    return { cases: report, complete, expectedEffects, foundEffects };
  }
}
