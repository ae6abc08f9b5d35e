import type { FastifyInstance } from 'fastify';
import type { Executor } from '@linkage/db';
import { emitEventsBatch, type BatchHandler, type Consumed, type Emit, type EventContext } from '@linkage/messaging';
import type { ReferralRequestedV1 } from '@linkage/contracts';
import { ensureCasesOwned, saveIntakeCases, type IntakeCaseNews } from '../db/queries/cases.ts';
import { insertAuditRows, insertOrdersIfNew } from '../db/queries/orders.ts';
import { insertReferralsIfNew } from '../db/queries/referrals.ts';
import type { DvConfig } from '../config.ts';
import { intakeCaseNews } from './cases.ts';
import { SYSTEM } from './context.ts';
import { planReferralRequest } from './referrals.ts';

/** Per case, its announcements folded in offset order (as applying them one by one leaves its row). */
class Announcements extends Map<string, IntakeCaseNews> {
  add(news: IntakeCaseNews): void {
    const before = this.get(news.caseId);
    const ownerDept = news.ownerDept !== undefined ? news.ownerDept : before?.ownerDept;
    this.set(news.caseId, { ...news, ...(ownerDept !== undefined ? { ownerDept } : {}) });
  }
}

/**
 * Consecutive intake events of a partition that can be written together with a constant number of statements, in
 * phase order: announcements (case.opened / case.updated) of cases before their requests (`before`), every referral
 * request, then announcements that follow a request of their case (`after`: a case.updated lands on the DV part the
 * request created). A case's events keep their order as long as they are of that shape (announcements, requests,
 * announcements); a request of a case announced `after` starts a new group. Other cases' events commute with them: a
 * request reads and writes only its own case's rows and appends to the outbox and the audit log, an announcement writes
 * only its own case's rows.
 */
class Group {
  readonly before = new Announcements();
  readonly requests: { event: ReferralRequestedV1; trace: Consumed['trace'] }[] = [];
  readonly requested = new Set<string>();
  readonly after = new Announcements();

  announce(news: IntakeCaseNews): void {
    (this.requested.has(news.caseId) ? this.after : this.before).add(news);
  }

  /** False: the request must wait for a new group (its case was announced after a request of it). */
  request(event: ReferralRequestedV1, trace: Consumed['trace']): boolean {
    if (this.after.has(event.data.caseId)) return false;
    this.requests.push({ event, trace });
    this.requested.add(event.data.caseId);
    return true;
  }

  get empty(): boolean {
    return this.before.size === 0 && this.requests.length === 0;
  }
}

/**
 * dv-referral's batch handler for intake's events (issue 15): a partition's fresh events, in offset order, in the
 * transaction of their inbox rows (and one event at a time when the consumer isolates a failing one: the same code).
 * The events are walked in order into groups (see Group; usually one per batch). Each group is written set-based:
 * the announcements before the requests in one round trip, then the DV parts, referrals and court applications in one
 * (one statement per table), then every outbox event and audit row, and the announcements after the requests, in one.
 * Event types it does not know (another topic's, intake's other events) are left alone.
 */
export function applyIntakeBatch(app: FastifyInstance, config: DvConfig): BatchHandler {
  return async (items, tx) => {
    let group = new Group();
    for (const { event, trace } of items)
      switch (event.type) {
        case 'intake.case.opened.v1':
        case 'intake.case.updated.v1':
          group.announce(intakeCaseNews(event));
          break;
        case 'intake.referral.requested.v1':
          if (!group.request(event, trace)) {
            await applyGroup(app, config, group, tx);
            group = new Group();
            group.request(event, trace);
          }
          break;
        default:
          break;
      }
    if (!group.empty) await applyGroup(app, config, group, tx);
  };
}

async function applyGroup(app: FastifyInstance, config: DvConfig, group: Group, tx: Executor): Promise<void> {
  // Before the requests: a case's DV part takes its owner from intake's announcement.
  await saveIntakeCases(tx, [...group.before.values()]);
  // In memory, in offset order: each request's rows and events (encryption included).
  const plans = group.requests.flatMap(({ event, trace }) => {
    const plan = planReferralRequest(app, config, event, app.clock());
    return plan ? [{ ...plan, trace }] : [];
  });
  const after = [...group.after.values()];
  if (plans.length === 0) return saveIntakeCases(tx, after);
  // Nothing here references another row of the batch: one round trip.
  const [, created, filed] = await Promise.all([
    ensureCasesOwned(
      tx,
      plans.map((p) => p.dvCase),
      config.CASE_OWNER_DEPT,
    ),
    insertReferralsIfNew(
      tx,
      plans.flatMap((p) => p.referrals.map((r) => r.row)),
    ),
    insertOrdersIfNew(
      tx,
      plans.flatMap((p) => (p.order ? [p.order.row] : [])),
    ),
  ]);
  // The events of what was written now (a replayed request writes nothing twice), request by request: its referrals'
  // then its application's; the applications' audit rows; the announcements that follow their case's request.
  const commands: { emits: Emit[]; ctx: EventContext; trace: Consumed['trace'] }[] = [];
  for (const p of plans) {
    const emits = p.referrals.filter((r) => created.has(r.row.id)).map((r) => r.created);
    if (p.order && filed.has(p.order.row.id)) emits.push(...p.order.emits);
    if (emits.length > 0) commands.push({ emits, ctx: p.ctx, trace: p.trace });
  }
  await Promise.all([
    emitEventsBatch(tx, commands),
    insertAuditRows(
      tx,
      plans.flatMap((p) => (p.order && filed.has(p.order.row.id) ? [{ who: SYSTEM, entry: p.order.audit }] : [])),
    ),
    saveIntakeCases(tx, after),
  ]);
}
