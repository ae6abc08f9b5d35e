import { describe, expect, it } from 'vitest';
import type { LinkageEvent } from '@linkage/contracts';
import { decide } from '../src/domain/case/decide.ts';
import { directOpeningOf, openCommandOf } from '../src/domain/case/direct.ts';

const at = '2026-11-28T02:00:00.000Z';
const caseId = '0193a5b0-0000-7000-8000-000000000001';
const applicationId = '0193a5b0-0000-7000-8000-000000000002';
const received = (data: Record<string, unknown>): LinkageEvent =>
  ({
    id: '0193a5b0-0000-7000-8000-0000000000ff',
    type: 'legal_aid.application.received.v1',
    subject: caseId,
    actor: 'legal_aid_officer@legal_aid:beilun',
    data: {
      applicationId,
      caseId,
      requestId: null,
      channel: 'womens_federation',
      matterType: 'dv_protection_order',
      proceedings: 'civil',
      urgency: 'urgent',
      street: 'daqi',
      meansTest: null,
      receivedAt: at,
      decideBy: at,
      ...data,
    },
  }) as unknown as LinkageEvent;

describe('one case, one id: the case a direct hand-off announces', () => {
  it('a direct legal aid application: owned by the centre, her consent to legal aid, no request back there', () => {
    const d = directOpeningOf(received({ newCase: true, applicantSex: 'female' }));
    expect(d).toMatchObject({
      caseId,
      ownerDept: 'legal_aid:beilun',
      channel: 'walk_in',
      category: 'domestic_violence',
      department: 'legal_aid',
      victim: { street: 'daqi', sex: 'female' },
      details: { applicationId, channel: 'womens_federation' },
    });
    const emits = decide(undefined, openCommandOf(d!, 'BL-2026-000001'), new Date(at));
    expect(Array.isArray(emits) && emits.map((e) => e.type)).toEqual(['intake.case.opened.v1']);
    expect(Array.isArray(emits) && emits[0]!.data).toMatchObject({
      needs: ['legal_aid'],
      ownerDept: 'legal_aid:beilun',
    });
  });

  it('an application of an existing case, a referral from intake, or an older event opens nothing', () => {
    expect(directOpeningOf(received({}))).toBeNull();
    expect(directOpeningOf(received({ newCase: true, channel: 'intake_referral' }))).toBeNull();
    expect(directOpeningOf(received({ newCase: true, caseId: null }))).toBeNull();
  });
});
