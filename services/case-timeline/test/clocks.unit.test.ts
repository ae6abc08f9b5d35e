import { describe, expect, it } from 'vitest';
import { clockState, deadlineOf, effectsOf, warnAtOf } from '../src/domain/clocks/engine.ts';
import { CLOCK_RULES, type ClockRule } from '../src/domain/clocks/rules.ts';
import { INDICATORS } from '../src/domain/indicators/definitions.ts';
import { nextStage } from '../src/domain/summary/stages.ts';

const t0 = '2026-11-28T10:00:00.000Z';
const h = (n: number) => new Date(Date.parse(t0) + n * 3_600_000);

describe('clock rules as data', () => {
  it('cover the statutory clocks of DESIGN.md', () => {
    expect(CLOCK_RULES.map((r) => r.id)).toEqual(
      expect.arrayContaining(['referral_acceptance', 'protection_order_ruling', 'protection_order_expiry', 'legal_aid_decision', 'legal_aid_assignment', 'followup_visit']),
    );
    for (const r of CLOCK_RULES) {
      expect(r.stop.length, r.id).toBeGreaterThan(0);
      expect(r.warnAt).toBeGreaterThan(0);
      expect(r.warnAt).toBeLessThan(1);
    }
  });

  it('start a referral clock with the deadline the event carries, severity from risk', () => {
    const [start] = effectsOf(
      { type: 'dv.referral.created.v1', time: t0, data: { referralId: 'r1', acceptBy: h(1).toISOString(), riskLevel: 'high', assignedDept: 'police:xinqi' } },
      CLOCK_RULES,
    );
    expect(start).toMatchObject({ kind: 'start', subjectKey: 'r1', deadline: h(1), severity: 'critical', dept: 'police:xinqi' });
    expect(start?.kind === 'start' && start.warnAt.toISOString()).toBe(h(0.75).toISOString());
  });

  it('stop and cancel clocks by the same key', () => {
    expect(effectsOf({ type: 'dv.referral.accepted.v1', time: t0, data: { referralId: 'r1' } }, CLOCK_RULES)).toEqual([
      expect.objectContaining({ kind: 'stop', subjectKey: 'r1', stopType: 'dv.referral.accepted.v1' }),
    ]);
    expect(effectsOf({ type: 'dv.referral.withdrawn.v1', time: t0, data: { referralId: 'r1' } }, CLOCK_RULES)).toEqual([expect.objectContaining({ kind: 'cancel' })]);
    expect(effectsOf({ type: 'dv.referral.created.v1', time: t0, data: { referralId: 'r1' } }, CLOCK_RULES)).toEqual([]); // no deadline: no clock
  });

  it('take the protection-order ruling deadline from the court event: 24 h urgent, 72 h otherwise', () => {
    const urgent = effectsOf({ type: 'dv.protection_order.accepted.v1', time: t0, data: { orderId: 'o1', ruleBy: h(24).toISOString(), courtDept: 'court:beilun' } }, CLOCK_RULES);
    const normal = effectsOf({ type: 'dv.protection_order.accepted.v1', time: t0, data: { orderId: 'o2', ruleBy: h(72).toISOString() } }, CLOCK_RULES);
    expect(urgent[0]).toMatchObject({ deadline: h(24), severity: 'critical', dept: 'court:beilun' });
    expect(normal[0]).toMatchObject({ deadline: h(72) });
  });

  it('compute a duration deadline with an urgent variant when a rule has no deadline field', () => {
    const rule: ClockRule = { ...CLOCK_RULES[0]!, deadline: { hours: 72, urgentHours: 24, urgentField: 'urgent' } };
    expect(deadlineOf(rule, { type: 'x', time: t0, data: { urgent: true } })).toEqual(h(24));
    expect(deadlineOf(rule, { type: 'x', time: t0, data: { urgent: false } })).toEqual(h(72));
  });
});

describe('clock state (injected clock)', () => {
  const c = { status: 'pending', deadline: h(24), warnAt: warnAtOf(h(0), h(24), 0.75), completedAt: null };
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
      const types = [r.start.type, ...r.stop.map((s) => s.type), ...(r.cancel ?? []).map((s) => s.type), ...(r.fail ?? []).map((s) => s.type), ...(r.pause ?? []).map((s) => s.type), ...(r.resume ?? []).map((s) => s.type)];
      expect(types.filter((t) => !known.has(t)), r.id).toEqual([]);
    }
    for (const i of INDICATORS) if (i.measure.kind !== 'clock_hours') expect(i.measure.types.filter((t) => !known.has(t)), i.id).toEqual([]);
  });

  it('pauses the legal aid decision clock while materials are awaited, and resumes it with the new deadline', () => {
    const paused = effectsOf({ type: 'legal_aid.application.materials_requested.v1', time: t0, data: { applicationId: 'a1' } }, CLOCK_RULES);
    expect(paused).toEqual([expect.objectContaining({ kind: 'pause', subjectKey: 'a1' })]);
    const resumed = effectsOf({ type: 'legal_aid.application.materials_received.v1', time: t0, data: { applicationId: 'a1', decideBy: h(100).toISOString() } }, CLOCK_RULES);
    expect(resumed).toEqual([expect.objectContaining({ kind: 'resume', deadline: h(100) })]);
    expect(clockState({ status: 'paused', deadline: h(1), warnAt: h(0.5), completedAt: null }, h(50))).toBe('paused');
  });

  it('counts a missed home visit as a failed clock', () => {
    expect(effectsOf({ type: 'elder_care.home_visit.missed.v1', time: t0, data: { visitId: 'v1' } }, CLOCK_RULES)).toEqual([expect.objectContaining({ kind: 'fail' })]);
    expect(clockState({ status: 'failed', deadline: h(1), warnAt: h(0.5), completedAt: h(2) }, h(3))).toBe('breached');
  });
});
