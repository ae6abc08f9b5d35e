import { describe as suite, expect, it } from 'vitest';
import { PERPETRATOR_PROGRAMME_OUTCOMES, type Actor, type EventData, type EventType } from '@linkage/contracts';
import { newEvent } from '@linkage/domain';
import { effectsOf } from '../src/domain/clocks/engine.ts';
import { CLOCK_RULES } from '../src/domain/clocks/rules.ts';
import { INDICATORS } from '../src/domain/indicators/definitions.ts';
import { describe } from '../src/domain/timeline/describe.ts';

const caseId = '0193a000-0000-7000-8000-00000000c0de';
const visitId = '0193a000-0000-7000-8000-0000000000b1';
const letterId = '0193a000-0000-7000-8000-0000000000b2';
const programmeId = '0193a000-0000-7000-8000-0000000000b3';
const at = new Date('2026-11-28T10:00:00Z');
const committee: Actor = { role: 'reporter', dept: 'committee:xinqi' };
const ev = <T extends EventType>(type: T, data: EventData<T>, actor: Actor = committee) =>
  newEvent(type, { source: '/services/dv-referral', subject: caseId, actor, time: at, data });

suite("ADVL Art. 17: the residents'/village committee's visit (查访) after a warning letter", () => {
  const scheduled = ev(
    'dv.committee_visit.scheduled.v1',
    {
      visitId,
      caseId,
      warningLetterId: letterId,
      assignedDept: 'committee:xinqi',
      street: 'xinqi',
      dueAt: '2026-12-07T16:00:00.000Z',
    },
    { role: 'police_officer', dept: 'police:xinqi' },
  );

  it('is a clock, the committee of the street responsible for it, met when the visit is recorded', () => {
    const [start] = effectsOf(scheduled, CLOCK_RULES);
    expect(start).toMatchObject({
      kind: 'start',
      subjectKey: visitId,
      deadline: new Date('2026-12-07T16:00:00.000Z'),
      dept: 'committee:xinqi',
      street: 'xinqi',
    });
    expect(start?.rule.id).toBe('committee_visit');
    expect(start?.rule.source).toMatch(/Art\. 17/);
    const recorded = ev('dv.committee_visit.recorded.v1', {
      visitId,
      caseId,
      outcome: 'no_further_violence',
      visitedAt: at.toISOString(),
    });
    expect(effectsOf(recorded, CLOCK_RULES).map((f) => [f.rule.id, f.kind, f.subjectKey])).toEqual([
      ['committee_visit', 'stop', visitId],
    ]);
    // the police's own visit clock is not met by the committee's visit
    expect(effectsOf(recorded, CLOCK_RULES).some((f) => f.rule.id === 'police_visit')).toBe(false);
  });

  it('is on the timeline in Chinese: which committee, due by when (Beijing time)', () => {
    expect(describe(scheduled)).toBe('告诫书已通知新碶街道居（村）民委员会，安排其查访，应于 2026-12-08 00:00 前完成');
    expect(
      describe(
        ev('dv.committee_visit.recorded.v1', {
          visitId,
          caseId,
          outcome: 'violence_recurred',
          visitedAt: at.toISOString(),
        }),
      ),
    ).toBe('居（村）民委员会查访已完成');
  });
});

suite('plan 二(七)4: perpetrator education and correction (法治教育、心理辅导和行为矫治)', () => {
  const owner: Actor = { role: 'wf_caseworker', dept: 'wf:district' };

  it('referrals and conclusions are on the timeline in Chinese', () => {
    expect(
      describe(
        ev(
          'dv.perpetrator_programme.referred.v1',
          { programmeId, caseId, programme: 'behaviour_correction', referredAt: at.toISOString() },
          owner,
        ),
      ),
    ).toBe('转介加害人参加行为矫治');
    const concluded = (outcome: (typeof PERPETRATOR_PROGRAMME_OUTCOMES)[number]) =>
      describe(
        ev(
          'dv.perpetrator_programme.concluded.v1',
          {
            programmeId,
            caseId,
            programme: 'legal_education',
            outcome,
            referredAt: at.toISOString(),
            concludedAt: at.toISOString(),
          },
          owner,
        ),
      );
    expect(concluded('completed')).toBe('加害人法治教育已完成');
    expect(concluded('not_completed')).toBe('加害人法治教育未完成');
  });

  it('indicators count the referrals made in a period, and the programmes completed in it', () => {
    const referrals = INDICATORS.find((i) => i.id === 'perpetrator_programme_referrals');
    const completions = INDICATORS.find((i) => i.id === 'perpetrator_programme_completions');
    expect(referrals?.measure).toEqual({ kind: 'count_events', types: ['dv.perpetrator_programme.referred.v1'] });
    // a programme that ended without the abuser completing it is not a completion
    expect(completions?.measure).toEqual({
      kind: 'count_events',
      types: ['dv.perpetrator_programme.concluded.v1'],
      where: { outcome: 'completed' },
    });
    expect(PERPETRATOR_PROGRAMME_OUTCOMES).toContain('completed');
    for (const i of [referrals, completions]) {
      expect(i?.definition, i?.id).toMatch(/二\(七\)4/);
      expect(i?.zh, i?.id).toMatch(/施暴者/);
    }
  });
});
