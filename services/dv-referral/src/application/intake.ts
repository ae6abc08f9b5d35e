import type { FastifyInstance } from 'fastify';
import type { Executor } from '@linkage/db';
import { emitEventsBatch, type BatchHandler, type Consumed, type Emit, type EventContext } from '@linkage/messaging';
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

/** A DV request's rows and events, and the trace of its processing. */
type Plan = NonNullable<ReturnType<typeof planReferralRequest>> & { trace: Consumed['trace'] };

/**
 * dv-referral's batch handler for intake's events (issue 15): a partition's fresh events, in offset order, in the
 * transaction of their inbox rows (and one event at a time when the consumer isolates a failing one: the same code),
 * written set-based with a constant number of statements whatever their number, in three phases:
 *  1. announcements (case.opened / case.updated, folded per case) of cases with no DV request earlier in the batch;
 *  2. every DV request (planned in memory in offset order: rows, encryption, decided events): the DV parts (owner from
 *     phase 1's intake_cases), referrals and court applications in one round trip (one statement per table), then
 *     every outbox event and the applications' audit rows in one;
 *  3. with those, the announcements that follow a DV request of their case in the batch (a case.updated lands on
 *     the DV part the request created).
 * Each case's events keep their effect: phase 1 precedes its requests in the batch; a request reads nothing but its
 * case's intake_cases row, and only to create the DV part — which, once a first DV request of the case is in the
 * batch, exists before any later one, so a later request commutes with the announcements between them (phase 3).
 * Different cases touch different rows (the outbox and the audit log are appended to, in offset order). Event types
 * it does not handle (another topic's, intake's other events) are left alone.
 */
export function applyIntakeBatch(app: FastifyInstance, config: DvConfig): BatchHandler {
  return async (items, tx) => {
    const before = new Announcements();
    const after = new Announcements();
    const plans: Plan[] = [];
    const requested = new Set<string>();
    for (const { event, trace } of items)
      switch (event.type) {
        case 'intake.case.opened.v1':
        case 'intake.case.updated.v1': {
          const news = intakeCaseNews(event);
          (requested.has(news.caseId) ? after : before).add(news);
          break;
        }
        case 'intake.referral.requested.v1': {
          const plan = planReferralRequest(app, config, event, app.clock());
          if (!plan) break; // not a DV request: nothing to write
          plans.push({ ...plan, trace });
          requested.add(event.data.caseId);
          break;
        }
        default:
          break;
      }
    await saveIntakeCases(tx, [...before.values()]);
    if (plans.length > 0) await applyRequests(config, plans, [...after.values()], tx);
  };
}

async function applyRequests(
  config: DvConfig,
  plans: readonly Plan[],
  after: readonly IntakeCaseNews[],
  tx: Executor,
): Promise<void> {
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
