import { describe, expect, it } from 'vitest';
import { effectsOf, warnAtOf } from '../src/domain/clocks/engine.ts';
import { CLOCK_RULES } from '../src/domain/clocks/rules.ts';
import { clockState } from '../src/domain/clocks/state.ts';
import { INDICATORS } from '../src/domain/indicators/definitions.ts';
import { nextStage } from '../src/domain/summary/stages.ts';

const t0 = '2026-11-28T10:00:00.000Z';
const h = (n: number) => new Date(Date.parse(t0) + n * 3_600_000);

describe('clock rules as data', () => {
  it('cover the statutory clocks of DESIGN.md', () => {
    expect(CLOCK_RULES.map((r) => r.id)).toEqual(
      expect.arrayContaining([
        'referral_acceptance',
        'protection_order_ruling',
        'protection_order_expiry',
        'legal_aid_decision',
        'legal_aid_assignment',
        'followup_visit',
      ]),
    );
    for (const r of CLOCK_RULES) {
      expect(r.stop.length, r.id).toBeGreaterThan(0);
      expect(r.warnAt).toBeGreaterThan(0);
      expect(r.warnAt).toBeLessThan(1);
    }
  });

  it('start a referral clock with the deadline the event carries, severity from risk', () => {
    const [start] = effectsOf(
      {
        type: 'dv.referral.created.v1',
        time: t0,
        data: { referralId: 'r1', acceptBy: h(1).toISOString(), riskLevel: 'high', assignedDept: 'police:xinqi' },
      },
      CLOCK_RULES,
    );
    expect(start).toMatchObject({
      kind: 'start',
      subjectKey: 'r1',
      deadline: h(1),
      severity: 'critical',
      dept: 'police:xinqi',
    });
    expect(start?.kind === 'start' && start.warnAt.toISOString()).toBe(h(0.75).toISOString());
  });

  it('stop and cancel clocks by the same key', () => {
    expect(effectsOf({ type: 'dv.referral.accepted.v1', time: t0, data: { referralId: 'r1' } }, CLOCK_RULES)).toEqual([
      expect.objectContaining({ kind: 'stop', subjectKey: 'r1', stopType: 'dv.referral.accepted.v1' }),
    ]);
    // withdrawing cancels the acceptance clock and (a re-routed declined referral) meets the re-route clock
    expect(
      effectsOf({ type: 'dv.referral.withdrawn.v1', time: t0, data: { referralId: 'r1' } }, CLOCK_RULES).map((f) => [
        f.rule.id,
        f.kind,
      ]),
    ).toEqual([
      ['referral_acceptance', 'cancel'],
      ['referral_reroute', 'stop'],
    ]);
    expect(effectsOf({ type: 'dv.referral.created.v1', time: t0, data: { referralId: 'r1' } }, CLOCK_RULES)).toEqual(
      [],
    ); // no deadline: no clock
  });

  it('take the protection-order ruling deadline from the court event: 24 h urgent, 72 h otherwise', () => {
    const urgent = effectsOf(
      {
        type: 'dv.protection_order.accepted.v1',
        time: t0,
        data: { orderId: 'o1', ruleBy: h(24).toISOString(), courtDept: 'court:beilun' },
      },
      CLOCK_RULES,
    );
    const normal = effectsOf(
      { type: 'dv.protection_order.accepted.v1', time: t0, data: { orderId: 'o2', ruleBy: h(72).toISOString() } },
      CLOCK_RULES,
    );
    expect(urgent[0]).toMatchObject({ deadline: h(24), severity: 'critical', dept: 'court:beilun' });
    expect(normal[0]).toMatchObject({ deadline: h(72) });
  });
});

describe('clock state (injected clock)', () => {
  const c = { status: 'pending' as const, deadline: h(24), warnAt: warnAtOf(h(0), h(24), 0.75), completedAt: null };
  it('is pending, then at risk at 75 %, then breached at the deadline', () => {
    expect(clockState(c, h(1))).toBe('pending');
    expect(clockState(c, h(18))).toBe('at_risk');
    expect(clockState(c, h(24))).toBe('breached');
  });
  it('is met when the step came in time, breached when it came late, whatever the time now', () => {
    expect(clockState({ ...c, completedAt: h(23) }, h(100))).toBe('met');
    expect(clockState({ ...c, completedAt: h(25), status: 'breached' }, h(100))).toBe('breached');
    expect(clockState({ ...c, status: 'cancelled' }, h(100))).toBe('cancelled');
  });
});

describe('stages and indicators', () => {
  it('move a case forward and only a reopen leaves closed', () => {
    expect(nextStage(null, 'intake.case.opened.v1')).toBe('intake');
    expect(nextStage('in_service', 'intake.referral.requested.v1')).toBe('in_service');
    expect(nextStage('referred', 'dv.referral.created.v1')).toBe('in_service');
    expect(nextStage('in_service', 'intake.case.closed.v1')).toBe('closed');
    expect(nextStage('closed', 'dv.followup.recorded.v1')).toBe('closed');
    expect(nextStage('closed', 'intake.case.reopened.v1')).toBe('in_service');
  });
  it('every indicator has a written definition and a measure', () => {
    expect(INDICATORS.map((i) => i.id)).toContain('women_granted_legal_aid');
    for (const i of INDICATORS) {
      expect(i.definition.length, i.id).toBeGreaterThan(20);
      expect(i.zh && i.en, i.id).toBeTruthy();
    }
  });
});

describe('every known event type', () => {
  it('has a description, and every clock rule names only event types that exist', async () => {
    const { knownTypes } = await import('@linkage/contracts');
    const { describedTypes } = await import('../src/domain/timeline/describe.ts');
    const described = new Set(describedTypes());
    expect(knownTypes().filter((t) => !described.has(t))).toEqual([]);
    const known = new Set(knownTypes());
    for (const r of CLOCK_RULES) {
      const types = [
        r.start.type,
        ...r.stop.map((s) => s.type),
        ...(r.cancel ?? []).map((s) => s.type),
        ...(r.fail ?? []).map((s) => s.type),
        ...(r.pause ?? []).map((s) => s.type),
        ...(r.resume ?? []).map((s) => s.type),
      ];
      expect(
        types.filter((t) => !known.has(t)),
        r.id,
      ).toEqual([]);
    }
    const typesOf = (m: (typeof INDICATORS)[number]['measure']): readonly string[] =>
      m.kind === 'clock_hours' || m.kind === 'clock_met'
        ? []
        : m.kind === 'ratio'
          ? [...m.num.types, ...m.den.types]
          : m.types;
    for (const i of INDICATORS)
      expect(
        typesOf(i.measure).filter((t) => !known.has(t)),
        i.id,
      ).toEqual([]);
  });

  it('pauses the legal aid decision clock while materials are awaited, and resumes it with the new deadline', () => {
    const paused = effectsOf(
      { type: 'legal_aid.application.materials_requested.v1', time: t0, data: { applicationId: 'a1' } },
      CLOCK_RULES,
    );
    expect(paused).toEqual([expect.objectContaining({ kind: 'pause', subjectKey: 'a1' })]);
    const resumed = effectsOf(
      {
        type: 'legal_aid.application.materials_received.v1',
        time: t0,
        data: { applicationId: 'a1', decideBy: h(100).toISOString() },
      },
      CLOCK_RULES,
    );
    expect(resumed).toEqual([
      expect.objectContaining({ kind: 'resume', deadline: h(100) }),
      expect.objectContaining({ kind: 'stop', rule: expect.objectContaining({ id: 'legal_aid_materials' }) }),
    ]);
    expect(clockState({ status: 'paused', deadline: h(1), warnAt: h(0.5), completedAt: null }, h(50))).toBe('paused');
  });

  it('counts a missed home visit as a failed clock', () => {
    expect(
      effectsOf({ type: 'elder_care.home_visit.missed.v1', time: t0, data: { visitId: 'v1' } }, CLOCK_RULES),
    ).toEqual([expect.objectContaining({ kind: 'fail' })]);
    expect(clockState({ status: 'failed', deadline: h(1), warnAt: h(0.5), completedAt: h(2) }, h(3))).toBe('breached');
  });
});

describe('issue 14: the law in the clock rules', () => {
  it('every clock carries the department responsible for meeting it', () => {
    for (const r of CLOCK_RULES) expect(r.deptField !== undefined || r.dept !== undefined, r.id).toBe(true);
    // an elder-care home visit of a client in Xiapu: the street's civil affairs office, and the street
    const [visit] = effectsOf(
      {
        type: 'elder_care.home_visit.scheduled.v1',
        time: t0,
        data: { visitId: 'v1', street: 'xiapu', dueAt: h(24).toISOString() },
      },
      CLOCK_RULES,
    );
    expect(visit).toMatchObject({ kind: 'start', dept: 'civil_affairs:xiapu', street: 'xiapu' });
    // no street on the event: the district's unit of that kind (the case's street is joined from its summary at query
    // time)
    const [letter] = effectsOf(
      {
        type: 'dv.warning_letter.issued.v1',
        time: t0,
        data: { warningLetterId: 'w1', deliverBy: h(24).toISOString() },
      },
      CLOCK_RULES,
    );
    expect(letter).toMatchObject({ dept: 'police:district', street: null });
    const [decision] = effectsOf(
      {
        type: 'legal_aid.application.received.v1',
        time: t0,
        data: { applicationId: 'a1', decideBy: h(100).toISOString(), street: null },
      },
      CLOCK_RULES,
    );
    expect(decision).toMatchObject({ dept: 'legal_aid:beilun' });
  });

  it('ADVL Art. 32: service is a clock (serveBy), met only once all four parties are served', () => {
    const started = effectsOf(
      {
        type: 'dv.protection_order.issued.v1',
        time: t0,
        data: {
          orderId: 'o1',
          courtDept: 'court:beilun',
          serveBy: h(24).toISOString(),
          validUntil: h(4000).toISOString(),
        },
      },
      CLOCK_RULES,
    );
    expect(started.find((f) => f.rule.id === 'protection_order_service')).toMatchObject({
      kind: 'start',
      deadline: h(24),
      dept: 'court:beilun',
    });
    const partial = effectsOf(
      { type: 'dv.protection_order.served.v1', time: t0, data: { orderId: 'o1', fullyServed: false } },
      CLOCK_RULES,
    );
    expect(partial).toEqual([]);
    const full = effectsOf(
      { type: 'dv.protection_order.served.v1', time: t0, data: { orderId: 'o1', fullyServed: true } },
      CLOCK_RULES,
    );
    expect(full).toEqual([
      expect.objectContaining({ kind: 'stop', rule: expect.objectContaining({ id: 'protection_order_service' }) }),
    ]);
  });

  it('ADVL Art. 30: an order that runs to its end is expired — its clock is met, not breached', () => {
    const [stop] = effectsOf(
      { type: 'dv.protection_order.expired.v1', time: h(4000).toISOString(), data: { orderId: 'o1' } },
      CLOCK_RULES,
    );
    expect(stop).toMatchObject({ kind: 'stop', rule: expect.objectContaining({ id: 'protection_order_expiry' }) });
    // the event is dated at validUntil: completed at the deadline is met
    expect(clockState({ status: 'met', deadline: h(4000), warnAt: h(3600), completedAt: h(4000) }, h(5000))).toBe(
      'met',
    );
  });

  it('ADVL Art. 31: a reconsideration request starts a decision clock at the court; the decision stops it', () => {
    const [start] = effectsOf(
      {
        type: 'dv.protection_order.reconsideration_requested.v1',
        time: t0,
        data: { orderId: 'o1', decideBy: h(120).toISOString(), courtDept: 'court:beilun' },
      },
      CLOCK_RULES,
    );
    expect(start).toMatchObject({
      kind: 'start',
      rule: expect.objectContaining({ id: 'protection_order_reconsideration' }),
      deadline: h(120),
      dept: 'court:beilun',
    });
    expect(
      effectsOf(
        { type: 'dv.protection_order.reconsideration_decided.v1', time: t0, data: { orderId: 'o1' } },
        CLOCK_RULES,
      ),
    ).toEqual([expect.objectContaining({ kind: 'stop' })]);
  });

  it('a declined referral must be re-routed by rerouteBy: a clock at the case owner', () => {
    const start = effectsOf(
      { type: 'dv.referral.declined.v1', time: t0, data: { referralId: 'r1', rerouteBy: h(24).toISOString() } },
      CLOCK_RULES,
    ).find((f) => f.kind === 'start');
    expect(start).toMatchObject({
      kind: 'start',
      rule: expect.objectContaining({ id: 'referral_reroute' }),
      deadline: h(24),
      dept: 'wf:district',
    });
  });

  it('LAL Art. 43: materials have a period (supplyBy); deemed withdrawal ends it and cancels the paused decision clock', () => {
    const requested = effectsOf(
      {
        type: 'legal_aid.application.materials_requested.v1',
        time: t0,
        data: { applicationId: 'a1', supplyBy: h(360).toISOString() },
      },
      CLOCK_RULES,
    );
    expect(requested).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'pause' }),
        expect.objectContaining({ kind: 'start', deadline: h(360) }),
      ]),
    );
    const withdrawn = effectsOf(
      { type: 'legal_aid.application.deemed_withdrawn.v1', time: t0, data: { applicationId: 'a1' } },
      CLOCK_RULES,
    );
    expect(withdrawn.map((f) => [f.rule.id, f.kind]).sort()).toEqual([
      ['legal_aid_decision', 'cancel'],
      ['legal_aid_materials', 'stop'],
    ]);
  });

  it('LAL Art. 49: the objection review clock falls to the justice bureau', () => {
    const [start] = effectsOf(
      {
        type: 'legal_aid.objection.filed.v1',
        time: t0,
        data: { applicationId: 'a1', reviewBy: h(120).toISOString(), reviewerDept: 'justice:beilun' },
      },
      CLOCK_RULES,
    );
    expect(start).toMatchObject({ dept: 'justice:beilun' });
  });
});

describe('indicators (issue 14)', () => {
  it('indicator 11 is defined once (contracts INDICATOR_11): distinct women with legal aid approved or urgent aid started', async () => {
    const { INDICATOR_11 } = await import('@linkage/contracts');
    const i = INDICATORS.find((x) => x.id === INDICATOR_11.id)!;
    expect(i.definition).toBe(INDICATOR_11.definition);
    expect(i.measure).toEqual({
      kind: 'distinct_cases',
      types: ['legal_aid.application.approved.v1', 'legal_aid.urgent_aid.started.v1'],
      where: { applicantSex: 'female' },
    });
  });
  it("the plan's legal-protection chapter is monitored: reports, call-outs, warning letters, orders, shelter, injury, counselling, on-time follow-ups, 应援尽援", () => {
    const ids = INDICATORS.map((i) => i.id);
    for (const id of [
      'mandatory_reports_received',
      'dv_police_callouts',
      'warning_letters_issued',
      'protection_orders_applied',
      'protection_orders_issued',
      'protection_order_ruling_hours_median',
      'shelter_placements',
      'injury_assessments',
      'counselling_sessions',
      'followups_on_time',
      'legal_aid_rate_dv_victims',
    ])
      expect(ids, id).toContain(id);
  });
});
