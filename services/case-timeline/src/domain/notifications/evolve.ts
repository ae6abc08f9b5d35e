import { parseActor, type EventOf, type LinkageEvent } from '@linkage/contracts';
import { uuidv7From } from '@linkage/domain';
import { DISTRICT } from '../clocks/rule.ts';

/**
 * Notifications derived from events (issue 12): a new referral or application for a department, an
 * assignment to a worker, a clock at risk or breached on a department's work (and its assignee's),
 * a decision on a unit's request. Text is built from codes and the case number only — never from
 * anything personal (events carry nothing personal, and nothing here reads free text).
 */

/** Each piece of work the notifications follow: who handles it, who asked for it, who it is assigned to. */
export interface WorkItem {
  recordId: string;
  caseId: string;
  kind: string;
  handlerDept: string | null;
  requesterDept: string | null;
  assigneeSub: string | null;
  assigneeDept: string | null;
}

/** What needs someone's attention. Recipient: a department (`recipientSub` null: all of it) or one worker of it. */
export interface Notification {
  id: string;
  eventId: string;
  caseId: string;
  caseNumber: string | null;
  kind: string;
  text: string;
  deadline: Date | null;
  recipientDept: string;
  recipientSub: string | null;
  occurredAt: Date;
  createdAt: Date;
}

/** What the projection knows when an event arrives: the case (its summary) and the work item the event is about. */
export interface NotificationView {
  caseNumber: string | null;
  ownerDept: string | null;
  item: WorkItem | undefined;
}

/** The change: the work item as it now stands (if the event touches one) and the new notifications. */
export interface NotificationChange {
  item?: WorkItem;
  notifications: Notification[];
}

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
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
const ref = (n: string | null, caseId: string) => (n ? `案件 ${n}` : `案件 ${caseId.slice(0, 8)}`);
const isService = (dept: string | null | undefined) => !dept || dept.startsWith('svc:');

type Assigned = EventOf<
  | 'dv.referral.assigned.v1'
  | 'dv.protection_order.assigned.v1'
  | 'legal_aid.application.assigned.v1'
  | 'elder_care.client.assigned.v1'
>;
const assignedRecord = (d: Assigned['data']): string =>
  'referralId' in d ? d.referralId : 'orderId' in d ? d.orderId : 'applicationId' in d ? d.applicationId : d.clientId;

/** The work item an event is about (loaded for `evolveNotifications`), if any. */
export function workItemOf(event: LinkageEvent): string | null {
  switch (event.type) {
    case 'dv.referral.created.v1':
    case 'dv.referral.accepted.v1':
    case 'dv.referral.declined.v1':
      return event.data.referralId;
    case 'dv.protection_order.applied.v1':
    case 'dv.protection_order.issued.v1':
    case 'dv.protection_order.rejected.v1':
      return event.data.orderId;
    case 'legal_aid.application.received.v1':
    case 'legal_aid.application.approved.v1':
    case 'legal_aid.application.refused.v1':
      return event.data.applicationId;
    case 'elder_care.client.referred.v1':
      return event.data.clientId;
    case 'dv.referral.assigned.v1':
    case 'dv.protection_order.assigned.v1':
    case 'legal_aid.application.assigned.v1':
    case 'elder_care.client.assigned.v1':
      return assignedRecord(event.data);
    case 'oversight.sla.warning.v1':
    case 'oversight.sla.breached.v1':
      // the work the clock runs on (its subject key holds the record's id)
      return event.data.subjectKey.match(UUID)?.[0] ?? null;
    default:
      return null;
  }
}

/** The notifications one event causes, and the work item it records. Pure: the caller loads the view. */
export function evolveNotifications(view: NotificationView, event: LinkageEvent, now: Date): NotificationChange {
  const caseId = event.subject;
  const actorDept = parseActor(event.actor).dept;
  const requester = isService(actorDept) ? view.ownerDept : actorDept;
  const r = ref(view.caseNumber, caseId);
  const w = view.item;
  const outs: Out[] = [];
  let item: WorkItem | undefined;
  const handled = (recordId: string, kind: string, handlerDept: string) => {
    item = {
      ...(w ?? { recordId, caseId, kind, assigneeSub: null, assigneeDept: null }),
      handlerDept,
      requesterDept: requester,
    };
  };

  switch (event.type) {
    case 'dv.referral.created.v1': {
      const e = event.data;
      handled(e.referralId, 'referral', e.assignedDept);
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
      handled(e.orderId, 'protection_order', e.courtDept);
      const text = `新的人身安全保护令申请：${r}${e.urgent ? '（紧急）' : ''}`;
      outs.push({ kind: 'protection_order.new', text, dept: e.courtDept });
      break;
    }
    case 'legal_aid.application.received.v1': {
      const e = event.data;
      handled(e.applicationId, 'legal_aid_application', DISTRICT.legalAid);
      const text = `新的法律援助申请：${r}，请在期限前作出决定`;
      outs.push({ kind: 'legal_aid.new', text, deadline: e.decideBy, dept: DISTRICT.legalAid });
      break;
    }
    case 'elder_care.client.referred.v1': {
      const e = event.data;
      const dept = e.street ? `civil_affairs:${e.street}` : 'civil_affairs:district';
      handled(e.clientId, 'elder_client', dept);
      const text = `新的养老服务对象：${r}，请在期限前完成能力评估`;
      outs.push({ kind: 'elder_client.new', text, deadline: e.assessBy, dept });
      break;
    }
    case 'dv.referral.assigned.v1':
    case 'dv.protection_order.assigned.v1':
    case 'legal_aid.application.assigned.v1':
    case 'elder_care.client.assigned.v1': {
      const d = event.data;
      const kind = event.type.split('.')[1] ?? event.type;
      const recordId = assignedRecord(d);
      item = {
        ...(w ?? { recordId, caseId, kind, handlerDept: d.dept, requesterDept: null }),
        assigneeSub: d.assigneeSub,
        assigneeDept: d.dept,
      };
      outs.push({ kind: 'work.assigned', text: `分派给您：${r}（${kind}）`, dept: d.dept, sub: d.assigneeSub });
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
      if (w?.assigneeSub && w.assigneeDept)
        outs.push({ kind, text, deadline: e.deadline, dept: w.assigneeDept, sub: w.assigneeSub });
      break;
    }
    case 'dv.referral.accepted.v1':
    case 'dv.referral.declined.v1': {
      const e = event.data;
      const declined = event.type === 'dv.referral.declined.v1';
      outs.push({
        kind: declined ? 'referral.declined' : 'referral.accepted',
        text: `${DEPT_LABEL[e.department] ?? e.department}${declined ? '已退回转介，请重新转介' : '已接收转介'}：${r}`,
        deadline: declined ? event.data.rerouteBy : null,
        dept: w?.requesterDept ?? view.ownerDept,
      });
      break;
    }
    case 'dv.protection_order.issued.v1':
    case 'dv.protection_order.rejected.v1': {
      const issued = event.type === 'dv.protection_order.issued.v1';
      outs.push({
        kind: issued ? 'protection_order.issued' : 'protection_order.rejected',
        text: `法院已${issued ? '作出保护令' : '驳回保护令申请'}：${r}`,
        dept: w?.requesterDept ?? view.ownerDept,
      });
      break;
    }
    case 'legal_aid.application.approved.v1':
    case 'legal_aid.application.refused.v1': {
      const approved = event.type === 'legal_aid.application.approved.v1';
      outs.push({
        kind: approved ? 'legal_aid.approved' : 'legal_aid.refused',
        text: `法律援助申请已${approved ? '批准' : '不予批准'}：${r}`,
        dept: w?.requesterDept ?? view.ownerDept,
      });
      break;
    }
    default:
      return { notifications: [] };
  }

  const notifications = outs
    .filter((o): o is Out & { dept: string } => typeof o.dept === 'string' && !isService(o.dept))
    .map((o) => ({
      // deterministic: a rebuild re-derives the same notification, which already exists
      id: uuidv7From(Date.parse(event.time), `${event.id}|${o.dept}|${o.sub ?? ''}`),
      eventId: event.id,
      caseId,
      caseNumber: view.caseNumber,
      kind: o.kind,
      text: o.text,
      deadline: o.deadline ? new Date(o.deadline) : null,
      recipientDept: o.dept,
      recipientSub: o.sub ?? null,
      occurredAt: new Date(event.time),
      createdAt: now,
    }));
  return { ...(item ? { item } : {}), notifications };
}
