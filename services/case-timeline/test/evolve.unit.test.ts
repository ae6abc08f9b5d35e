import { describe, expect, it } from 'vitest';
import type { Actor, EventData, EventType } from '@linkage/contracts';
import { newEvent, systemActor } from '@linkage/domain';
import { effectsOf } from '../src/domain/clocks/engine.ts';
import { evolveClock, evolveFromOversight } from '../src/domain/clocks/evolve.ts';
import { clockIdOf } from '../src/domain/clocks/ids.ts';
import { CLOCK_RULES } from '../src/domain/clocks/rules.ts';
import { clockState, type Clock } from '../src/domain/clocks/state.ts';
import { evolveNotifications, workItemOf } from '../src/domain/notifications/evolve.ts';
import { evolveSummary } from '../src/domain/summary/evolve.ts';
import { entryOf } from '../src/domain/timeline/evolve.ts';

// The projections' pure evolve functions: (view, event) → the view after it. No database here.

const caseId = '0193a000-0000-7000-8000-00000000c0de';
const referralId = '0193a000-0000-7000-8000-0000000000a1';
const t = (h: number) => new Date(Date.UTC(2026, 10, 28, 2) + h * 3_600_000);
const worker: Actor = { role: 'wf_caseworker', dept: 'wf:xiapu' };

function ev<T extends EventType>(type: T, data: EventData<T>, at = t(0), actor: Actor = worker) {
  return newEvent(type, { source: '/services/test', subject: caseId, actor, time: at, data });
}

const created = (at: Date) =>
  ev(
    'dv.referral.created.v1',
    {
      referralId,
      caseId,
      requestId: null,
      department: 'police',
      assignedDept: 'police:xiapu',
      riskLevel: 'high',
      street: 'xiapu',
      acceptBy: t(1).toISOString(),
      createdAt: at.toISOString(),
    },
    at,
    systemActor('dv-referral'),
  );
const accepted = (at: Date) =>
  ev(
    'dv.referral.accepted.v1',
    { referralId, caseId, department: 'police', assignedDept: 'police:xiapu', at: at.toISOString() },
    at,
    { role: 'police_officer', dept: 'police:xiapu' },
  );

const ACCEPTANCE = clockIdOf('referral_acceptance', referralId);

/** Apply an event's clock effects to the clocks, in memory, as the projection does against its table. */
function apply(clocks: Map<string, Clock>, e: ReturnType<typeof created> | ReturnType<typeof accepted>) {
  for (const f of effectsOf({ type: e.type, time: e.time, data: { ...e.data } }, CLOCK_RULES)) {
    const clockId = clockIdOf(f.rule.id, f.subjectKey);
    const next = evolveClock(clocks.get(clockId), f, { clockId, caseId, eventId: e.id });
    if (next) clocks.set(clockId, next);
  }
  return clocks;
}

describe('clocks: evolve is order-independent', () => {
  it('the same met clock whichever of start and stop arrives first', () => {
    const [start, stop] = [created(t(0)), accepted(t(0.5))];
    const a = apply(apply(new Map(), start), stop).get(ACCEPTANCE)!;
    const b = apply(apply(new Map(), stop), start).get(ACCEPTANCE)!;
    expect(a).toMatchObject({ status: 'met', deadline: t(1), completedAt: t(0.5), severity: 'critical' });
    expect(a).toMatchObject({ startEventId: start.id, stopEventId: stop.id, dept: 'police:xiapu' });
    expect(b).toEqual(a);
    expect(clockState(b, t(10))).toBe('met');
  });

  it('a step after the deadline is breached, in either order; a second start or stop changes nothing', () => {
    const late = apply(apply(new Map(), accepted(t(3))), created(t(0)));
    expect(late.get(ACCEPTANCE)).toMatchObject({ status: 'breached', completedAt: t(3) });
    const clocks = apply(apply(new Map(), created(t(0))), accepted(t(0.5)));
    const before = clocks.get(ACCEPTANCE);
    apply(apply(clocks, created(t(0.2))), accepted(t(0.9)));
    expect(clocks.get(ACCEPTANCE)).toEqual(before);
  });

  it('a breach read back from the oversight topic marks an open clock breached once, and leaves a met one alone', () => {
    const open = apply(new Map(), created(t(0))).get(ACCEPTANCE)!;
    const breach = ev(
      'oversight.sla.breached.v1',
      {
        clockId: open.id,
        ruleId: open.ruleId,
        subjectKey: open.subjectKey,
        caseId,
        dept: 'police:xiapu',
        street: 'xiapu',
        severity: 'critical',
        startedAt: t(0).toISOString(),
        deadline: t(1).toISOString(),
        breachedAt: t(1).toISOString(),
      },
      t(1),
      systemActor('case-timeline'),
    );
    const breached = evolveFromOversight(open, breach)!;
    expect(breached).toMatchObject({ status: 'breached', breachedAt: t(1) });
    expect(evolveFromOversight(breached, breach)).toBeNull();
    const met = { ...open, status: 'met' as const, completedAt: t(0.5) };
    expect(evolveFromOversight(met, breach)).toMatchObject({ status: 'met', breachedAt: t(1) });
  });
});

describe('case summary', () => {
  it('opening sets the case facts; a later step moves the stage and adds the department; closing closes it', () => {
    const opened = ev('intake.case.opened.v1', {
      caseId,
      caseNumber: 'BL-2026-000123',
      channel: 'hotline_12338',
      category: 'domestic_violence',
      street: 'xiapu',
      riskLevel: 'high',
      repeat: false,
      flags: { minor: false, elderly: false, disabled: false, pregnantOrBreastfeeding: false, seriouslyIll: false },
      needs: ['dv_protection'],
      openedAt: t(0).toISOString(),
    });
    const s1 = evolveSummary(undefined, opened);
    expect(s1).toMatchObject({ stage: 'intake', ownerDept: 'wf:xiapu', street: 'xiapu', caseNumber: 'BL-2026-000123' });
    const s2 = evolveSummary(s1, created(t(1)));
    expect(s2).toMatchObject({ stage: 'in_service', departments: ['police:xiapu', 'wf:xiapu'], lastEventAt: t(1) });
    // an older event arriving late does not move lastEventAt back
    expect(evolveSummary(s2, accepted(t(0.5))).lastEventAt).toEqual(t(1));
    const closed = evolveSummary(s2, ev('intake.case.closed.v1', closeData(), t(2)));
    expect(closed).toMatchObject({ stage: 'closed', closedAt: t(2) });
  });
});

function closeData(): EventData<'intake.case.closed.v1'> {
  return { caseId, reason: 'resolved', closedAt: t(2).toISOString(), followUpDueAt: [] };
}

describe('notifications', () => {
  it('a new referral: a work item for the station, asked by the case owner, and one notification to the station', () => {
    const e = created(t(0));
    expect(workItemOf(e)).toBe(referralId);
    const change = evolveNotifications(
      { caseNumber: 'BL-2026-000123', ownerDept: 'wf:xiapu', item: undefined },
      e,
      t(0),
    );
    expect(change.item).toMatchObject({ handlerDept: 'police:xiapu', requesterDept: 'wf:xiapu', assigneeSub: null });
    expect(change.notifications).toEqual([
      expect.objectContaining({
        kind: 'referral.new',
        recipientDept: 'police:xiapu',
        recipientSub: null,
        deadline: t(1),
      }),
    ]);
    expect(change.notifications[0]!.text).toContain('BL-2026-000123');
  });

  it('its acceptance goes back to the unit that asked; nothing is addressed to a service', () => {
    const item = {
      recordId: referralId,
      caseId,
      kind: 'referral',
      handlerDept: 'police:xiapu',
      requesterDept: 'wf:xiapu',
      assigneeSub: null,
      assigneeDept: null,
    };
    const change = evolveNotifications({ caseNumber: null, ownerDept: null, item }, accepted(t(1)), t(1));
    expect(change.notifications.map((n) => [n.kind, n.recipientDept])).toEqual([['referral.accepted', 'wf:xiapu']]);
    const orphan = evolveNotifications(
      { caseNumber: null, ownerDept: 'svc:intake', item: undefined },
      accepted(t(1)),
      t(1),
    );
    expect(orphan.notifications).toEqual([]);
  });
});

describe('notifications: assignment and clocks', () => {
  const item = {
    recordId: referralId,
    caseId,
    kind: 'referral',
    handlerDept: 'police:xiapu',
    requesterDept: 'wf:xiapu',
    assigneeSub: null,
    assigneeDept: null,
  };

  it('an assignment records the worker on the work item (keeping who asked) and tells her alone', () => {
    const assigned = ev(
      'dv.referral.assigned.v1',
      {
        referralId,
        caseId,
        dept: 'police:xiapu',
        assigneeSub: 'officer-7',
        previousAssigneeSub: null,
        reasonCode: null,
        assignedAt: t(1).toISOString(),
      },
      t(1),
      { role: 'police_officer', dept: 'police:xiapu' },
    );
    expect(workItemOf(assigned)).toBe(referralId);
    const change = evolveNotifications({ caseNumber: null, ownerDept: 'wf:xiapu', item }, assigned, t(1));
    expect(change.item).toEqual({ ...item, assigneeSub: 'officer-7', assigneeDept: 'police:xiapu' });
    expect(change.notifications.map((n) => [n.kind, n.recipientDept, n.recipientSub])).toEqual([
      ['work.assigned', 'police:xiapu', 'officer-7'],
    ]);
  });

  it('a breached clock goes to the clock’s department and to the assignee of the work it runs on', () => {
    const breach = ev(
      'oversight.sla.breached.v1',
      {
        clockId: ACCEPTANCE,
        ruleId: 'referral_acceptance',
        subjectKey: referralId,
        caseId,
        dept: 'police:xiapu',
        street: 'xiapu',
        severity: 'critical',
        startedAt: t(0).toISOString(),
        deadline: t(1).toISOString(),
        breachedAt: t(1).toISOString(),
      },
      t(1),
      systemActor('case-timeline'),
    );
    expect(workItemOf(breach)).toBe(referralId);
    const assignedItem = { ...item, assigneeSub: 'officer-7', assigneeDept: 'police:xiapu' };
    const change = evolveNotifications({ caseNumber: null, ownerDept: null, item: assignedItem }, breach, t(1));
    expect(change.item).toBeUndefined();
    expect(change.notifications.map((n) => [n.kind, n.recipientDept, n.recipientSub])).toEqual([
      ['clock.breached', 'police:xiapu', null],
      ['clock.breached', 'police:xiapu', 'officer-7'],
    ]);
    // one id per recipient, the same when derived again (a rebuild)
    const again = evolveNotifications({ caseNumber: null, ownerDept: null, item: assignedItem }, breach, t(9));
    expect(again.notifications.map((n) => n.id)).toEqual(change.notifications.map((n) => n.id));
  });
});

describe('timeline entry', () => {
  it('is the event, described, with the actor split and where it was read', () => {
    const e = created(t(0));
    expect(entryOf(e, { topic: 'dv.events', partition: 2, offset: '41' })).toMatchObject({
      eventId: e.id,
      caseId,
      type: 'dv.referral.created.v1',
      actorRole: 'system',
      actorDept: 'svc:dv-referral',
      topic: 'dv.events',
      partition: 2,
      offset: '41',
      occurredAt: t(0),
    });
  });
});

describe('a clock ended as failed stays failed when its start arrives after', () => {
  it('a missed home visit seen before its scheduling is a breach, not met', () => {
    const visitId = '0193a000-0000-7000-8000-0000000000b1';
    const clientId = '0193a000-0000-7000-8000-0000000000b2';
    const elder = systemActor('elder-care');
    const scheduled = ev(
      'elder_care.home_visit.scheduled.v1',
      { visitId, clientId, caseId, serviceType: 'bathing', street: 'xiapu', dueAt: t(24).toISOString() },
      t(0),
      elder,
    );
    const missed = ev(
      'elder_care.home_visit.missed.v1',
      { visitId, clientId, caseId, dueAt: t(24).toISOString(), missedAt: t(2).toISOString() },
      t(2),
      elder,
    );
    const clockId = clockIdOf('elder_home_visit', visitId);
    let clock: Clock | undefined;
    for (const e of [missed, scheduled])
      for (const f of effectsOf({ type: e.type, time: e.time, data: { ...e.data } }, CLOCK_RULES))
        clock = evolveClock(clock, f, { clockId, caseId, eventId: e.id }) ?? clock;
    expect(clock).toMatchObject({ status: 'failed', startedAt: t(0), deadline: t(24), completedAt: t(2) });
    expect(clockState(clock!, t(3))).toBe('breached');
  });
});
