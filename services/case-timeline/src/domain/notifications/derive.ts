import { eq } from 'drizzle-orm';
import { parseActor, type LinkageEvent } from '@linkage/contracts';
import type { Executor } from '@linkage/db';
import { uuidv7From } from '@linkage/messaging';
import { caseSummaries } from '../../db/schema.ts';
import { notifications, workItems } from '../../db/notifications.ts';
import { DISTRICT } from '../clocks/rules.ts';

/**
 * Notifications derived from events (issue 12): a new referral or application for a department, an
 * assignment to a worker, a clock at risk or breached on a department's work (and its assignee's),
 * a decision on a unit's request. Text is built from codes and the case number only — never from
 * anything personal (events carry nothing personal, and nothing here reads free text).
 */

interface Out {
  kind: string;
  text: string;
  deadline?: string | null | undefined;
  dept: string | null | undefined;
  sub?: string | null | undefined;
}

const DEPT_LABEL: Record<string, string> = {
  police: '公安',
  court: '法院',
  shelter: '庇护',
  health: '医疗',
  counselling: '心理咨询',
  wf: '妇联',
};
const ref = (n: string | null, caseId: string) => (n ? `案件 ${n}` : `案件 ${caseId.slice(0, 8)}`);
const isService = (dept: string | null | undefined) => !dept || dept.startsWith('svc:');

async function caseOf(tx: Executor, caseId: string) {
  const [c] = await tx
    .select({ caseNumber: caseSummaries.caseNumber, ownerDept: caseSummaries.ownerDept })
    .from(caseSummaries)
    .where(eq(caseSummaries.caseId, caseId));
  return c;
}
async function item(tx: Executor, recordId: string) {
  const [w] = await tx.select().from(workItems).where(eq(workItems.recordId, recordId));
  return w;
}
async function remember(tx: Executor, w: typeof workItems.$inferInsert) {
  await tx
    .insert(workItems)
    .values(w)
    .onConflictDoUpdate({
      target: workItems.recordId,
      set: { handlerDept: w.handlerDept ?? null, requesterDept: w.requesterDept ?? null },
    });
}

/** The notifications one event causes (in the projection's transaction: once per event). */
export async function deriveNotifications(tx: Executor, event: LinkageEvent, now: Date): Promise<void> {
  const caseId = event.subject;
  const c = await caseOf(tx, caseId);
  const actorDept = parseActor(event.actor).dept;
  const requester = isService(actorDept) ? (c?.ownerDept ?? null) : actorDept;
  const r = ref(c?.caseNumber ?? null, caseId);
  const outs: Out[] = [];
  const d = event.data as Record<string, unknown>;

  switch (event.type) {
    case 'dv.referral.created.v1': {
      const e = event.data;
      await remember(tx, {
        recordId: e.referralId,
        caseId,
        kind: 'referral',
        handlerDept: e.assignedDept,
        requesterDept: requester,
      });
      outs.push({
        kind: 'referral.new',
        text: `新转介（${DEPT_LABEL[e.department] ?? e.department}）：${r}，风险 ${e.riskLevel}，请在期限前接收或退回`,
        deadline: e.acceptBy,
        dept: e.assignedDept,
      });
      break;
    }
    case 'dv.protection_order.applied.v1': {
      const e = event.data;
      await remember(tx, {
        recordId: e.orderId,
        caseId,
        kind: 'protection_order',
        handlerDept: e.courtDept,
        requesterDept: requester,
      });
      outs.push({
        kind: 'protection_order.new',
        text: `新的人身安全保护令申请：${r}${e.urgent ? '（紧急）' : ''}`,
        dept: e.courtDept,
      });
      break;
    }
    case 'legal_aid.application.received.v1': {
      const e = event.data;
      await remember(tx, {
        recordId: e.applicationId,
        caseId,
        kind: 'legal_aid_application',
        handlerDept: DISTRICT.legalAid,
        requesterDept: requester,
      });
      outs.push({
        kind: 'legal_aid.new',
        text: `新的法律援助申请：${r}，请在期限前作出决定`,
        deadline: e.decideBy,
        dept: DISTRICT.legalAid,
      });
      break;
    }
    case 'elder_care.client.referred.v1': {
      const e = event.data;
      const dept = e.street ? `civil_affairs:${e.street}` : 'civil_affairs:district';
      await remember(tx, {
        recordId: e.clientId,
        caseId,
        kind: 'elder_client',
        handlerDept: dept,
        requesterDept: requester,
      });
      outs.push({
        kind: 'elder_client.new',
        text: `新的养老服务对象：${r}，请在期限前完成能力评估`,
        deadline: e.assessBy,
        dept,
      });
      break;
    }
    case 'dv.referral.assigned.v1':
    case 'dv.protection_order.assigned.v1':
    case 'legal_aid.application.assigned.v1':
    case 'elder_care.client.assigned.v1': {
      const recordId = String(d.referralId ?? d.orderId ?? d.applicationId ?? d.clientId);
      const dept = String(d.dept);
      await tx
        .insert(workItems)
        .values({
          recordId,
          caseId,
          kind: event.type.split('.')[1]!,
          handlerDept: dept,
          assigneeSub: String(d.assigneeSub),
          assigneeDept: dept,
        })
        .onConflictDoUpdate({
          target: workItems.recordId,
          set: { assigneeSub: String(d.assigneeSub), assigneeDept: dept },
        });
      outs.push({
        kind: 'work.assigned',
        text: `分派给您：${r}（${event.type.split('.')[1]}）`,
        dept,
        sub: String(d.assigneeSub),
      });
      break;
    }
    case 'oversight.sla.warning.v1':
    case 'oversight.sla.breached.v1': {
      const e = event.data;
      const breached = event.type === 'oversight.sla.breached.v1';
      const text = `${breached ? '已超期' : '即将超期'}：${r}，时限规则 ${e.ruleId}`;
      const kind = breached ? 'clock.breached' : 'clock.at_risk';
      outs.push({ kind, text, deadline: e.deadline, dept: e.dept });
      // the work the clock runs on, if it is assigned: its assignee too
      const w = await item(
        tx,
        e.subjectKey.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/)?.[0] ??
          '00000000-0000-0000-0000-000000000000',
      );
      if (w?.assigneeSub && w.assigneeDept)
        outs.push({ kind, text, deadline: e.deadline, dept: w.assigneeDept, sub: w.assigneeSub });
      break;
    }
    case 'dv.referral.accepted.v1':
    case 'dv.referral.declined.v1': {
      const e = event.data;
      const w = await item(tx, e.referralId);
      const declined = event.type === 'dv.referral.declined.v1';
      outs.push({
        kind: declined ? 'referral.declined' : 'referral.accepted',
        text: `${DEPT_LABEL[e.department] ?? e.department}${declined ? '已退回转介，请重新转介' : '已接收转介'}：${r}`,
        deadline: declined ? event.data.rerouteBy : null,
        dept: w?.requesterDept ?? c?.ownerDept,
      });
      break;
    }
    case 'dv.protection_order.issued.v1':
    case 'dv.protection_order.rejected.v1': {
      const w = await item(tx, String(d.orderId));
      const issued = event.type === 'dv.protection_order.issued.v1';
      outs.push({
        kind: issued ? 'protection_order.issued' : 'protection_order.rejected',
        text: `法院已${issued ? '作出保护令' : '驳回保护令申请'}：${r}`,
        dept: w?.requesterDept ?? c?.ownerDept,
      });
      break;
    }
    case 'legal_aid.application.approved.v1':
    case 'legal_aid.application.refused.v1': {
      const w = await item(tx, String(d.applicationId));
      const approved = event.type === 'legal_aid.application.approved.v1';
      outs.push({
        kind: approved ? 'legal_aid.approved' : 'legal_aid.refused',
        text: `法律援助申请已${approved ? '批准' : '不予批准'}：${r}`,
        dept: w?.requesterDept ?? c?.ownerDept,
      });
      break;
    }
    default:
      return;
  }

  const rows = outs
    .filter((o): o is Out & { dept: string } => typeof o.dept === 'string' && !isService(o.dept))
    .map((o) => ({
      // deterministic: a rebuild re-derives the same notification, which already exists
      id: uuidv7From(Date.parse(event.time), `${event.id}|${o.dept}|${o.sub ?? ''}`),
      eventId: event.id,
      caseId,
      caseNumber: c?.caseNumber ?? null,
      kind: o.kind,
      text: o.text,
      deadline: o.deadline ? new Date(o.deadline) : null,
      recipientDept: o.dept,
      recipientSub: o.sub ?? null,
      occurredAt: new Date(event.time),
      createdAt: now,
    }));
  if (rows.length) await tx.insert(notifications).values(rows).onConflictDoNothing();
}
