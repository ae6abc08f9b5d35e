import { describe as suite, expect, it } from 'vitest';
import type { Actor, EventData, EventType } from '@linkage/contracts';
import { newEvent, systemActor } from '@linkage/domain';
import { deptZh, describe } from '../src/domain/timeline/describe.ts';

// The timeline's one-line descriptions are read by coordinators and officers in Beilun: Chinese words,
// Beijing time, no codes. (Seen in the console: "须于 2026-11-28 20:36 前受理" for a referral made at
// 03:36 on the 29th Beijing time — the UTC clock — and "police:xinqi", "依据：consent", rule ids.)
const caseId = '0193a000-0000-7000-8000-00000000c0de';
const referralId = '0193a000-0000-7000-8000-0000000000a1';
const at = new Date('2026-11-28T19:36:00Z'); // 03:36 on 29 Nov in Beijing
const ev = <T extends EventType>(type: T, data: EventData<T>, actor: Actor = systemActor('dv-referral')) =>
  newEvent(type, { source: '/services/test', subject: caseId, actor, time: at, data });

suite('timeline descriptions (zh-CN, Beijing time, no codes)', () => {
  it('a referral: its deadline in Beijing time and the receiving department by name', () => {
    const text = describe(
      ev('dv.referral.created.v1', {
        referralId,
        caseId,
        requestId: null,
        department: 'police',
        assignedDept: 'police:xinqi',
        riskLevel: 'high',
        street: 'xinqi',
        acceptBy: '2026-11-28T20:36:00.000Z',
        createdAt: at.toISOString(),
      }),
    );
    expect(text).toBe('已转介公安派出所（新碶街道公安派出所），须于 2026-11-29 04:36 前受理');
  });

  it('a referral request names its basis in Chinese', () => {
    const text = describe(
      ev(
        'intake.referral.requested.v1',
        {
          requestId: referralId,
          caseId,
          caseNumber: 'BL-2026-000001',
          target: 'dv',
          category: 'domestic_violence',
          needs: ['dv_protection'],
          riskLevel: 'high',
          street: 'xinqi',
          victimAgeBand: 'adult',
          flags: { minor: false, elderly: false, disabled: false, pregnantOrBreastfeeding: false, seriouslyIll: false },
          consentBasis: 'consent',
          requestedAt: at.toISOString(),
        },
        { role: 'hotline_operator', dept: 'wf:district' },
      ),
    );
    expect(text).toBe('申请转介至反家暴联动（依据：本人同意）');
  });

  it('a breach names the clock and the department in Chinese', () => {
    const text = describe(
      ev(
        'oversight.sla.breached.v1',
        {
          clockId: '0193a000-0000-7000-8000-0000000000c1',
          ruleId: 'protection_order_ruling',
          subjectKey: 'o1',
          caseId,
          dept: 'court:beilun',
          street: 'xinqi',
          severity: 'critical',
          startedAt: at.toISOString(),
          deadline: '2026-11-29T16:00:00.000Z',
          breachedAt: '2026-11-29T16:00:00.000Z',
        },
        systemActor('case-timeline'),
      ),
    );
    expect(text).toBe('已超时：法院作出人身安全保护令裁定（北仑区法院），时限 2026-11-30 00:00');
  });

  it('a delivery or a service names whom it reached (three deliveries were three identical lines)', () => {
    const letter = '0193a000-0000-7000-8000-0000000000b1';
    const text = describe(
      ev(
        'dv.warning_letter.delivered.v1',
        { warningLetterId: letter, caseId, recipient: 'abuser', deliveredAt: at.toISOString() },
        { role: 'police_officer', dept: 'police:xinqi' },
      ),
    );
    expect(text).toBe('告诫书已送达加害人');
    const served = describe(
      ev(
        'dv.protection_order.served.v1',
        { orderId: letter, caseId, party: 'committee', servedAt: at.toISOString(), fullyServed: true },
        { role: 'court_clerk', dept: 'court:beilun' },
      ),
    );
    expect(served).toBe('保护令已送达居（村）民委员会（全部送达）');
  });

  it('department codes: known kinds and units by name, an unknown code as it is', () => {
    expect(deptZh('wf:district')).toBe('全区妇联');
    expect(deptZh('legal_aid:beilun')).toBe('北仑区法律援助中心');
    expect(deptZh('mystery:x')).toBe('mystery:x');
    expect(deptZh(null)).toBe('—');
  });
});
