import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPICS, type LinkageEvent } from '@linkage/contracts';
import { createProducer, newEvent, uuidv7 } from '@linkage/messaging';
import { bearer, eventually, queryOnce } from '@linkage/testing';
import { startIntake, type IntakeHarness } from './harness.ts';
import { CHECKLIST_ITEM_IDS } from '../src/domain/risk/checklist.ts';
import { withCheckDigit } from '../src/domain/victim/validate.ts';
import { auditTextAad } from '../src/application/sections.ts';

const operator = bearer('hotline_operator', 'wf:district');
const caseworker = bearer('wf_caseworker', 'wf:district');
const coordinator = bearer('coordinator', 'wcw:district');
const ID = withCheckDigit('33020619920315123');
const BAD_ID = ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0');

describe('intake workflows (real Postgres, real Kafka)', () => {
  let h: IntakeHarness;
  let app: IntakeHarness['app'];
  let tap: IntakeHarness['tap'];
  let dbUrl: string;

  const open = async (payload: Record<string, unknown>, headers = operator) => {
    const res = await app.inject({ method: 'POST', url: '/cases', headers, payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const eventsOf = (caseId: string, n: number, what: string) =>
    tap.waitFor((t) => {
      const mine = t.events.filter((e) => e.subject === caseId);
      return mine.length >= n && mine;
    }, what);
  const count = (table: string) => h.count(table);

  beforeAll(async () => {
    h = await startIntake('intake_wf');
    ({ app, tap, dbUrl } = h);
  });
  afterAll(() => h?.stop());

  it('a high-risk DV case with a legal need and legal-aid consent requests DV and legal aid, carrying no identities', async () => {
    const c = await open({
      channel: 'hotline_12338',
      category: 'domestic_violence',
      caller: {
        anonymous: false,
        relation: 'self',
        safeToCallBack: true,
        safeTime: '工作日 9-11 点',
        safeNumber: '13900000000',
      },
      victim: {
        name: '张某某',
        sex: 'female',
        birthYear: 1992,
        idNumber: ID,
        phone: '13811112222',
        address: '新碶某小区',
        street: 'xinqi',
        protection: { pregnantOrBreastfeeding: true },
      },
      perpetrator: { relation: 'spouse', name: '赵某', phone: '13733334444' },
      incident: {
        occurredAt: '2026-01-01T20:00:00Z',
        place: '家中',
        violenceTypes: ['physical', 'threats'],
        description: '丈夫殴打并威胁杀死她',
      },
      needs: ['dv_protection', 'legal_aid'],
      risk: { yes: CHECKLIST_ITEM_IDS.slice(0, 15) },
      consent: { legal_aid: true },
      wishes: '希望离婚并获得保护',
    });
    expect(c).toMatchObject({ riskLevel: 'high', repeat: false, flags: { pregnantOrBreastfeeding: true } });
    expect(c.referrals.map((r: { target: string; consentBasis: string }) => `${r.target}:${r.consentBasis}`)).toEqual([
      'dv:high_risk_exception',
      'legal_aid:consent',
    ]);
    const events = await eventsOf(c.id, 4, 'opened + risk assessed + two referral requests');
    expect(events.map((e) => e.type)).toEqual([
      'intake.case.opened.v1',
      'intake.risk.assessed.v1',
      'intake.referral.requested.v1',
      'intake.referral.requested.v1',
    ]);
    // the opening causes the rest; one correlation id for the whole request; the operator acted
    expect(events[0]!.causationid).toBeUndefined();
    for (const e of events.slice(1)) expect(e.causationid).toBe(events[0]!.id);
    expect(new Set(events.map((e) => e.correlationid)).size).toBe(1);
    expect(new Set(events.map((e) => e.actor))).toEqual(new Set(['hotline_operator@wf:district']));
    const raw = tap.messages
      .filter((m) => m.key === c.id)
      .map((m) => m.raw)
      .join('\n');
    for (const secret of ['张某某', '13811112222', ID, '赵某', '殴打', '离婚', '13900000000', '新碶某小区'])
      expect(raw).not.toContain(secret);
    const [row] = await queryOnce<Record<string, string>>(
      dbUrl,
      'select victim_enc, caller_enc, perpetrator_enc, incident_enc, wishes_enc from cases where id = $1',
      [c.id],
    );
    for (const v of Object.values(row!)) expect(v).toMatch(/^v1\./);
    const [ra] = await queryOnce<{ yes_count: number; checklist_version: string }>(
      dbUrl,
      'select yes_count, checklist_version from risk_assessments where case_id = $1',
      [c.id],
    );
    expect(ra).toEqual({ yes_count: 15, checklist_version: 'dash-2026.1' });

    const view = await app.inject({ method: 'GET', url: `/cases/${c.id}`, headers: caseworker });
    expect(view.json()).toMatchObject({
      identified: true,
      victim: { name: '张某某', idNumber: ID },
      caller: { safeTime: '工作日 9-11 点' },
      wishes: '希望离婚并获得保护',
      consent: { legal_aid: true, police: null },
    });
  });

  it('consent withheld ⇒ no referral; consent later ⇒ requested; an override needs a caseworker, a reason, and is audited', async () => {
    const c = await open({
      channel: 'walk_in',
      category: 'domestic_violence',
      needs: ['dv_protection', 'legal_aid'],
      consent: { police: false },
    });
    expect(c.referrals).toEqual([]);
    expect(c.withheld.map((w: { target: string }) => w.target)).toEqual(['dv', 'legal_aid']);

    const consent = await app.inject({
      method: 'PUT',
      url: `/cases/${c.id}/consent`,
      headers: operator,
      payload: { consent: { legal_aid: true }, wishes: '暂不报警' },
    });
    expect(consent.statusCode, consent.body).toBe(200);
    expect(consent.json().referrals).toEqual([
      expect.objectContaining({ target: 'legal_aid', consentBasis: 'consent' }),
    ]);

    const byOperator = await app.inject({
      method: 'POST',
      url: `/cases/${c.id}/consent-overrides`,
      headers: operator,
      payload: { department: 'police', reason: '孩子面临严重危险，需立即报警' },
    });
    expect(byOperator.statusCode).toBe(403);
    const noReason = await app.inject({
      method: 'POST',
      url: `/cases/${c.id}/consent-overrides`,
      headers: caseworker,
      payload: { department: 'police' },
    });
    expect(noReason.statusCode).toBe(400);
    const override = await app.inject({
      method: 'POST',
      url: `/cases/${c.id}/consent-overrides`,
      headers: caseworker,
      payload: { department: 'police', reason: '孩子面临严重危险，需立即报警' },
    });
    expect(override.statusCode, override.body).toBe(201);
    expect(override.json().referrals).toEqual([expect.objectContaining({ target: 'dv', consentBasis: 'override' })]);

    const events = await eventsOf(c.id, 5, 'consent, override and their referral requests');
    expect(events.map((e) => e.type)).toEqual([
      'intake.case.opened.v1',
      'intake.consent.recorded.v1',
      'intake.referral.requested.v1',
      'intake.consent.overridden.v1',
      'intake.referral.requested.v1',
    ]);
    expect(JSON.stringify(events)).not.toContain('孩子面临');
    const audits = await queryOnce<{ action: string; role: string; reason: string | null }>(
      dbUrl,
      `select action, role, reason from audit_log where case_id = $1 and action = 'case.consent_overridden'`,
      [c.id],
    );
    expect(audits).toEqual([{ action: 'case.consent_overridden', role: 'wf_caseworker', reason: 'override:police' }]);
  });

  it('keeps the words of an override reason and of close/reopen notes out of audit_log in clear (category in the row, text encrypted)', async () => {
    const c = await open({
      channel: 'walk_in',
      category: 'domestic_violence',
      needs: ['dv_protection'],
      consent: { police: false },
    });
    const words = {
      override: '丈夫扬言今晚动刀，邻居听见呼救',
      close: '当事人已搬至娘家，电话13912345678',
      reopen: '前夫再次上门殴打，左臂骨折',
    };
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/cases/${c.id}/consent-overrides`,
          headers: caseworker,
          payload: { department: 'police', reason: words.override },
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/cases/${c.id}/close`,
          headers: caseworker,
          payload: { reason: 'resolved', note: words.close },
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/cases/${c.id}/reopen`,
          headers: caseworker,
          payload: { reason: 'new_incident', note: words.reopen },
        })
      ).statusCode,
    ).toBe(200);
    const rows = await queryOnce<Record<string, unknown>>(
      dbUrl,
      'select * from audit_log where case_id = $1 order by id',
      [c.id],
    );
    const dump = JSON.stringify(rows);
    for (const w of Object.values(words))
      for (const piece of [w, w.slice(0, 6), '13912345678']) expect(dump).not.toContain(piece);
    const byAction = Object.fromEntries(
      rows.map((r) => [r.action as string, r as { reason: string | null; details: Record<string, unknown> }]),
    );
    expect(byAction['case.consent_overridden']!.reason).toBe('override:police');
    expect(byAction['case.closed']!.reason).toBe('resolved');
    expect(byAction['case.reopened']!.reason).toBe('new_incident');
    // the words are kept, encrypted and bound to the case and the action
    const text = (action: string) =>
      app.cipher.decrypt(byAction[action]!.details.reasonTextEnc as string, auditTextAad(c.id, action));
    expect([text('case.consent_overridden'), text('case.closed'), text('case.reopened')]).toEqual([
      words.override,
      words.close,
      words.reopen,
    ]);
  });

  it('finds a repeat victim by blind index (no plaintext, no decryption), flags the case, and links or dismisses suggestions', async () => {
    const first = await open({
      channel: 'hotline_12338',
      category: 'domestic_violence',
      needs: [],
      victim: { name: '陈某', phone: '+86 135-5555-6666', street: 'daqi', birthYear: 1980 },
    });
    const second = await open({
      channel: 'hotline_12338',
      category: 'domestic_violence',
      needs: [],
      victim: { name: '陈 某', phone: '13555556666', street: 'daqi', birthYear: 1980 },
      risk: { yes: [] },
    });
    expect(second.repeat).toBe(true);
    expect(second.riskLevel).toBe('medium'); // a repeat raises standard to medium
    expect(second.duplicates).toEqual([
      {
        caseId: first.id,
        caseNumber: first.caseNumber,
        matchedOn: ['phone', 'name_birth_street'],
        withinRepeatWindow: true,
      },
    ]);
    const idx = await queryOnce<{ value: string }>(dbUrl, 'select value from blind_indexes where case_id = $1', [
      first.id,
    ]);
    expect(idx).toHaveLength(2);
    for (const r of idx) expect(r.value).not.toMatch(/13555556666|陈/);
    const [opened] = await eventsOf(second.id, 1, 'case.opened of the repeat case');
    expect(opened).toMatchObject({ type: 'intake.case.opened.v1', data: { repeat: true, riskLevel: 'medium' } });

    const third = await open({
      channel: 'hotline_12338',
      category: 'domestic_violence',
      needs: [],
      victim: { phone: '13555556666' },
    });
    expect(third.duplicates.map((d: { caseId: string }) => d.caseId).sort()).toEqual([first.id, second.id].sort());
    const link = await app.inject({
      method: 'POST',
      url: `/cases/${third.id}/duplicates/${first.id}/link`,
      headers: operator,
    });
    expect(link.statusCode, link.body).toBe(200);
    const dismiss = await app.inject({
      method: 'POST',
      url: `/cases/${third.id}/duplicates/${second.id}/dismiss`,
      headers: operator,
    });
    expect(dismiss.json()).toMatchObject({ status: 'dismissed', version: 3 });
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/cases/${third.id}/duplicates/${first.id}/dismiss`,
          headers: operator,
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (await app.inject({ method: 'POST', url: `/cases/${first.id}/duplicates/${third.id}/link`, headers: operator }))
        .statusCode,
    ).toBe(404);
    const list = await app.inject({ method: 'GET', url: `/cases/${third.id}/duplicates`, headers: operator });
    expect(
      list
        .json()
        .items.map((d: { status: string }) => d.status)
        .sort(),
    ).toEqual(['dismissed', 'linked']);
    // identifying facts added by an update also surface earlier cases
    const later = await open({ channel: 'online', category: 'domestic_violence', needs: [] });
    const patched = await app.inject({
      method: 'PATCH',
      url: `/cases/${later.id}`,
      headers: operator,
      payload: { version: 1, victim: { phone: '135 5555 6666' } },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const found = await app.inject({ method: 'GET', url: `/cases/${later.id}/duplicates`, headers: operator });
    expect(
      found
        .json()
        .items.map((d: { caseId: string }) => d.caseId)
        .sort(),
    ).toEqual([first.id, second.id, third.id].sort());
    const events = await eventsOf(third.id, 2, 'case.linked');
    expect(events[1]).toMatchObject({
      type: 'intake.case.linked.v1',
      data: { linkedCaseId: first.id, matchedOn: ['phone'] },
    });
  });

  it('rejects bad input with 400 Problem Details and writes nothing', async () => {
    const before = await Promise.all(['cases', 'outbox', 'audit_log', 'blind_indexes'].map(count));
    const base = { channel: 'hotline_12338', category: 'domestic_violence', needs: [] };
    const bad: Record<string, unknown>[] = [
      { ...base, victim: { idNumber: BAD_ID } },
      { ...base, victim: { idNumber: '12345' } },
      { ...base, victim: { idNumber: withCheckDigit('33020620300101123') } },
      { ...base, victim: { birthYear: 2099 } },
      { ...base, victim: { street: 'shanghai' } },
      { ...base, victim: { name: 'x'.repeat(101) } },
      { ...base, victim: { phone: 'call me' } },
      { ...base, victim: { protection: { vip: true } } },
      { ...base, perpetrator: { relation: 'stranger' } },
      { ...base, perpetrator: { relation: 'spouse', idNumber: BAD_ID } },
      { ...base, caller: { anonymous: 'no', relation: 'self', safeToCallBack: true } },
      { ...base, incident: { violenceTypes: ['cyber'] } },
      { ...base, incident: { violenceTypes: [], occurredAt: '2099-01-01T00:00:00Z' } },
      { ...base, incident: { violenceTypes: [], description: 'x'.repeat(10_001) } },
      { ...base, consent: { police: 'yes' } },
      { ...base, consent: { bank: true } },
    ];
    for (const payload of bad) {
      const res = await app.inject({ method: 'POST', url: '/cases', headers: operator, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 400 });
    }
    const checksum = await app.inject({ method: 'POST', url: '/cases', headers: operator, payload: bad[0] });
    expect(checksum.json()).toMatchObject({
      code: 'invalid_person_data',
      errors: [{ path: '/victim/idNumber', message: 'check digit is wrong' }],
    });
    const reportBad = await app.inject({
      method: 'POST',
      url: '/mandatory-reports',
      headers: bearer('reporter', 'school:beilun-no1'),
      payload: { reporterKind: 'school', capacity: 'minor', victim: { birthYear: 2099 } },
    });
    expect(reportBad.statusCode).toBe(400);
    const after = await Promise.all(['cases', 'outbox', 'audit_log', 'blind_indexes'].map(count));
    expect(after).toEqual(before);
  });

  it('updates are versioned: a stale version gets 412, and parallel updates of one version let exactly one through', async () => {
    const c = await open({
      channel: 'online',
      category: 'marriage_family_dispute',
      needs: [],
      victim: { street: 'xiapu' },
    });
    const ok = await app.inject({
      method: 'PATCH',
      url: `/cases/${c.id}`,
      headers: operator,
      payload: { version: 1, victim: { name: '吴某', street: 'chunxiao', age: 70 }, needs: ['mediation'] },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().version).toBe(2);
    const stale = await app.inject({
      method: 'PATCH',
      url: `/cases/${c.id}`,
      headers: operator,
      payload: { version: 1, needs: [] },
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().code).toBe('stale_version');
    const racing = await Promise.all(
      [1, 2, 3, 4].map(() =>
        app.inject({
          method: 'PATCH',
          url: `/cases/${c.id}`,
          headers: operator,
          payload: { version: 2, needs: ['mediation', 'psychological_support'] },
        }),
      ),
    );
    expect(racing.map((r) => r.statusCode).sort()).toEqual([200, 412, 412, 412]);
    const events = await eventsOf(c.id, 3, 'two updates');
    expect(events[1]).toMatchObject({
      type: 'intake.case.updated.v1',
      data: { version: 2, changed: ['victim', 'needs'], street: 'chunxiao', flags: { elderly: true } },
    });
    expect(JSON.stringify(events)).not.toContain('吴某');
  });

  it('re-screens risk as its own event; notes are encrypted and their reads audited; close and reopen need a reason', async () => {
    const c = await open({
      channel: 'hotline_12338',
      category: 'domestic_violence',
      needs: ['dv_protection'],
      consent: { police: false },
    });
    const rescreen = await app.inject({
      method: 'POST',
      url: `/cases/${c.id}/risk-assessments`,
      headers: operator,
      payload: { yes: ['threat_to_kill'], judgement: 'high', judgementReason: '对方持刀' },
    });
    expect(rescreen.statusCode, rescreen.body).toBe(201);
    expect(rescreen.json()).toMatchObject({
      riskLevel: 'high',
      risk: { yesCount: 1, scoredLevel: 'standard', level: 'high', raisedByJudgement: true },
      referrals: [{ target: 'dv', consentBasis: 'high_risk_exception' }],
    });

    const note = await app.inject({
      method: 'POST',
      url: `/cases/${c.id}/notes`,
      headers: caseworker,
      payload: { text: '已电话回访，当事人安全' },
    });
    expect(note.statusCode).toBe(201);
    const [stored] = await queryOnce<{ body_enc: string }>(dbUrl, 'select body_enc from notes where case_id = $1', [
      c.id,
    ]);
    expect(stored!.body_enc).not.toContain('回访');
    const notes = await app.inject({ method: 'GET', url: `/cases/${c.id}/notes`, headers: caseworker });
    expect(notes.json().items).toEqual([
      expect.objectContaining({ text: '已电话回访，当事人安全', authorRole: 'wf_caseworker' }),
    ]);

    expect(
      (await app.inject({ method: 'POST', url: `/cases/${c.id}/close`, headers: caseworker, payload: {} })).statusCode,
    ).toBe(400);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/cases/${c.id}/close`,
          headers: operator,
          payload: { reason: 'resolved' },
        })
      ).statusCode,
    ).toBe(403);
    const closed = await app.inject({
      method: 'POST',
      url: `/cases/${c.id}/close`,
      headers: caseworker,
      payload: { reason: 'resolved', note: '已获保护令' },
    });
    expect(closed.json()).toMatchObject({ status: 'closed' });
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/cases/${c.id}/close`,
          headers: caseworker,
          payload: { reason: 'resolved' },
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (
        await app.inject({
          method: 'PUT',
          url: `/cases/${c.id}/consent`,
          headers: caseworker,
          payload: { consent: { police: true } },
        })
      ).statusCode,
    ).toBe(409);
    const reopened = await app.inject({
      method: 'POST',
      url: `/cases/${c.id}/reopen`,
      headers: caseworker,
      payload: { reason: 'new_incident' },
    });
    expect(reopened.json()).toMatchObject({ status: 'open' });

    const events = await eventsOf(c.id, 6, 'screening, note, close, reopen');
    expect(events.map((e) => e.type)).toEqual([
      'intake.case.opened.v1',
      'intake.risk.assessed.v1',
      'intake.referral.requested.v1',
      'intake.note.added.v1',
      'intake.case.closed.v1',
      'intake.case.reopened.v1',
    ]);
    expect(events[1]).toMatchObject({
      data: { previousLevel: 'standard', level: 'high', checklistVersion: 'dash-2026.1' },
    });
    const closedEvent = events[4] as Extract<LinkageEvent, { type: 'intake.case.closed.v1' }>;
    expect(closedEvent.data.followUpDueAt).toHaveLength(3);
    expect(Date.parse(closedEvent.data.followUpDueAt[0]!) - Date.parse(closedEvent.data.closedAt)).toBe(7 * 86_400_000);
    const audits = await queryOnce<{ action: string }>(
      dbUrl,
      'select action from audit_log where case_id = $1 order by id',
      [c.id],
    );
    expect(audits.map((a) => a.action)).toEqual([
      'case.opened',
      'case.risk_assessed',
      'case.note_added',
      'case.notes.viewed',
      'case.closed',
      'case.reopened',
    ]);
  });

  it('mandatory reports: a police referral on the statutory basis, a receipt, a confidential reporter who sees only her own reports', async () => {
    const school = bearer('reporter', 'school:beilun-no1', { sub: 'teacher-1' });
    const hospital = bearer('reporter', 'hospital:beilun-people', { sub: 'nurse-7' });
    const res = await app.inject({
      method: 'POST',
      url: '/mandatory-reports',
      headers: school,
      payload: {
        reporterKind: 'school',
        reporterContact: { name: '刘老师', phone: '13600001111' },
        capacity: 'minor',
        victim: { age: 9, street: 'xiaogang' },
        incident: { violenceTypes: ['physical'] },
        narrative: '学生身上多处淤青',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const receipt = res.json();
    expect(receipt).toMatchObject({ receiptNumber: expect.stringMatching(/^MR-\d{4}-\d{6}$/), status: 'received' });

    const [row] = await queryOnce<{ case_id: string }>(
      dbUrl,
      'select case_id from mandatory_reports where receipt_number = $1',
      [receipt.receiptNumber],
    );
    const caseId = row!.case_id;
    const events = await eventsOf(caseId, 3, 'mandatory report events');
    expect(events.map((e) => e.type)).toEqual([
      'intake.case.opened.v1',
      'intake.mandatory_report.received.v1',
      'intake.referral.requested.v1',
    ]);
    expect(events[0]).toMatchObject({ data: { channel: 'mandatory_report', flags: { minor: true } } });
    expect(events[2]).toMatchObject({ data: { target: 'dv', consentBasis: 'mandatory_report' } });
    // the receipt and the request are caused by the opening; the reporter is never the events' actor
    expect(events.slice(1).map((e) => e.causationid)).toEqual([events[0]!.id, events[0]!.id]);
    expect(new Set(events.map((e) => e.actor))).toEqual(new Set(['system@svc:intake']));
    const raw = tap.messages
      .filter((m) => m.key === caseId)
      .map((m) => m.raw)
      .join('\n');
    for (const secret of ['teacher-1', 'school:beilun-no1', '刘老师', '13600001111', '淤青'])
      expect(raw).not.toContain(secret);

    const mine = await app.inject({ method: 'GET', url: '/mandatory-reports', headers: school });
    expect(mine.json().items).toEqual([
      { receiptNumber: receipt.receiptNumber, status: 'referred', receivedAt: expect.any(String) },
    ]);
    expect(
      (await app.inject({ method: 'GET', url: `/mandatory-reports/${receipt.receiptNumber}`, headers: school })).json()
        .status,
    ).toBe('referred');
    expect(
      (await app.inject({ method: 'GET', url: `/mandatory-reports/${receipt.receiptNumber}`, headers: hospital }))
        .statusCode,
    ).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/mandatory-reports', headers: hospital })).json().items).toEqual(
      [],
    );
    expect((await app.inject({ method: 'GET', url: `/cases/${caseId}`, headers: school })).statusCode).toBe(403);

    // The owning department (women's federation) works the case; the reporter's identity is not in its view.
    const view = await app.inject({ method: 'GET', url: `/cases/${caseId}`, headers: caseworker });
    expect(view.json()).toMatchObject({
      identified: true,
      channel: 'mandatory_report',
      mandatoryReport: { receiptNumber: receipt.receiptNumber, reporterKind: 'school', capacity: 'minor' },
    });
    for (const secret of ['teacher-1', '刘老师', '13600001111']) expect(view.body).not.toContain(secret);
  });

  it('keeps a read-only status summary from dv.referral.created.v1, idempotently', async () => {
    const c = await open({
      channel: 'hotline_12338',
      category: 'domestic_violence',
      needs: ['dv_protection'],
      consent: { police: true },
      victim: { street: 'xinqi' },
    });
    const producer = createProducer(h.kafka);
    await producer.connect();
    const referralId = uuidv7();
    const e = newEvent('dv.referral.created.v1', {
      source: '/services/dv-referral',
      subject: c.id,
      actor: { role: 'system', dept: 'svc:dv-referral' },
      data: {
        referralId,
        caseId: c.id,
        requestId: c.referrals[0].requestId,
        department: 'police',
        assignedDept: 'police:xinqi',
        riskLevel: 'standard',
        street: 'xinqi',
        acceptBy: '2026-12-01T00:00:00.000Z',
        createdAt: new Date().toISOString(),
      },
    } as never);
    try {
      // delivered twice: the inbox makes the second a no-op
      for (let i = 0; i < 2; i++)
        await producer.send({ topic: h.prefix + TOPICS.dv, messages: [{ key: c.id, value: JSON.stringify(e) }] });
    } finally {
      await producer.disconnect();
    }
    const status = await eventually(async () => {
      const res = await app.inject({ method: 'GET', url: `/cases/${c.id}/status`, headers: coordinator });
      const body = res.json();
      return body.entries?.length > 0 && body;
    }, 'the status summary to show the police referral');
    expect(status.entries).toEqual([
      {
        ref: `dv.referral:${referralId}`,
        service: 'dv',
        department: 'police',
        assignedDept: 'police:xinqi',
        status: 'requested',
        dueAt: '2026-12-01T00:00:00.000Z',
        at: expect.any(String),
      },
    ]);
    await eventually(
      async () =>
        (await queryOnce<{ n: number }>(dbUrl, 'select count(*)::int as n from inbox where event_id = $1', [e.id]))[0]!
          .n === 1,
      'the inbox row',
    );
    expect(await queryOnce(dbUrl, 'select ref from status_summary where case_id = $1', [c.id])).toHaveLength(1);
  });

  it('searches with paging and filters; operators see their department, coordinators all, without personal data', async () => {
    const other = bearer('hotline_operator', 'wf:chunxiao');
    await open(
      { channel: 'walk_in', category: 'elder_abuse', needs: [], victim: { name: '钱某', street: 'meishan' } },
      other,
    );
    const all = await app.inject({ method: 'GET', url: '/cases?pageSize=2&page=1', headers: coordinator });
    expect(all.statusCode, all.body).toBe(200);
    const body = all.json();
    expect(body.items).toHaveLength(2);
    expect(body.total).toBeGreaterThan(5);
    const page2 = await app.inject({ method: 'GET', url: '/cases?pageSize=2&page=2', headers: coordinator });
    expect(page2.json().items[0].id).not.toBe(body.items[0].id);
    const meishan = await app.inject({
      method: 'GET',
      url: '/cases?street=meishan&category=elder_abuse&status=open',
      headers: coordinator,
    });
    expect(meishan.json().items).toHaveLength(1);
    expect(meishan.body).not.toContain('钱某');
    expect((await app.inject({ method: 'GET', url: '/cases?street=meishan', headers: operator })).json().total).toBe(0);
    expect((await app.inject({ method: 'GET', url: '/cases?street=meishan', headers: other })).json().total).toBe(1);
    expect(
      (await app.inject({ method: 'GET', url: '/cases?repeat=true', headers: operator })).json().total,
    ).toBeGreaterThanOrEqual(2);
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/cases?riskLevel=high&openedFrom=2000-01-01T00:00:00Z',
          headers: coordinator,
        })
      ).json().total,
    ).toBeGreaterThanOrEqual(1);
    expect((await app.inject({ method: 'GET', url: '/cases?street=paris', headers: coordinator })).statusCode).toBe(
      400,
    );
    expect((await app.inject({ method: 'GET', url: '/cases?pageSize=1000', headers: coordinator })).statusCode).toBe(
      400,
    );
    const streetCoord = await app.inject({
      method: 'GET',
      url: '/cases',
      headers: bearer('coordinator', 'wcw:district', { streets: ['meishan'] }),
    });
    expect(streetCoord.json().total).toBe(1);
  });

  it('serves zh-CN labels', async () => {
    const res = await app.inject({ method: 'GET', url: '/labels', headers: bearer('reporter', 'school:x') });
    expect(res.json()).toMatchObject({
      locale: 'zh-CN',
      labels: { channel: { hotline_12338: '12338 热线' }, street: { xinqi: '新碶街道' }, riskLevel: { high: '高' } },
    });
    expect((await app.inject({ method: 'GET', url: '/labels' })).statusCode).toBe(401);
  });

  it('roles × endpoints: each role may do only what the policy allows', async () => {
    const c = await open({
      channel: 'hotline_12338',
      category: 'domestic_violence',
      needs: [],
      victim: { name: '孙某' },
    });
    const endpoints: {
      name: string;
      method: 'GET' | 'POST' | 'PUT' | 'PATCH';
      url: string;
      payload?: unknown;
      allowed: string[];
    }[] = [
      {
        name: 'open',
        method: 'POST',
        url: '/cases',
        payload: { channel: 'walk_in', category: 'other', needs: [] },
        allowed: ['hotline_operator', 'wf_caseworker'],
      },
      { name: 'search', method: 'GET', url: '/cases', allowed: ['hotline_operator', 'wf_caseworker', 'coordinator'] },
      {
        name: 'view',
        method: 'GET',
        url: `/cases/${c.id}`,
        allowed: ['hotline_operator', 'wf_caseworker', 'coordinator'],
      },
      {
        name: 'status',
        method: 'GET',
        url: `/cases/${c.id}/status`,
        allowed: ['hotline_operator', 'wf_caseworker', 'coordinator'],
      },
      { name: 'notes', method: 'GET', url: `/cases/${c.id}/notes`, allowed: ['hotline_operator', 'wf_caseworker'] },
      {
        name: 'duplicates',
        method: 'GET',
        url: `/cases/${c.id}/duplicates`,
        allowed: ['hotline_operator', 'wf_caseworker'],
      },
      {
        name: 'consent',
        method: 'PUT',
        url: `/cases/${c.id}/consent`,
        payload: { consent: {} },
        allowed: ['hotline_operator', 'wf_caseworker'],
      },
      {
        name: 'rescreen',
        method: 'POST',
        url: `/cases/${c.id}/risk-assessments`,
        payload: { yes: [] },
        allowed: ['hotline_operator', 'wf_caseworker'],
      },
      {
        name: 'override',
        method: 'POST',
        url: `/cases/${c.id}/consent-overrides`,
        payload: { department: 'court', reason: 'x'.repeat(12) },
        allowed: ['wf_caseworker'],
      },
      {
        name: 'file report',
        method: 'POST',
        url: '/mandatory-reports',
        payload: { reporterKind: 'hospital', capacity: 'adult_no_capacity' },
        allowed: ['reporter'],
      },
      { name: 'own reports', method: 'GET', url: '/mandatory-reports', allowed: ['reporter'] },
    ];
    const roles = [
      'hotline_operator',
      'wf_caseworker',
      'reporter',
      'police_officer',
      'court_clerk',
      'legal_aid_officer',
      'shelter_officer',
      'health_worker',
      'elder_care_officer',
      'coordinator',
      'admin',
    ] as const;
    for (const ep of endpoints) {
      for (const role of roles) {
        const res = await app.inject({
          method: ep.method,
          url: ep.url,
          headers: bearer(role, role === 'coordinator' ? 'wcw:district' : 'wf:district'),
          ...(ep.payload ? { payload: ep.payload as object } : {}),
        });
        const ok = res.statusCode < 300;
        expect(ok, `${role} ${ep.name} → ${res.statusCode} ${res.body.slice(0, 120)}`).toBe(ep.allowed.includes(role));
        if (!ok) expect(res.statusCode).toBe(403);
      }
    }
    // the same role from another department is refused on the case itself, and sees no personal data
    const stranger = bearer('wf_caseworker', 'wf:chunxiao');
    for (const url of [`/cases/${c.id}`, `/cases/${c.id}/notes`, `/cases/${c.id}/duplicates`]) {
      const res = await app.inject({ method: 'GET', url, headers: stranger });
      expect(res.statusCode, url).toBe(403);
      expect(res.body).not.toContain('孙某');
    }
    const coord = await app.inject({ method: 'GET', url: `/cases/${c.id}`, headers: coordinator });
    expect(coord.json().identified).toBe(false);
    expect(coord.body).not.toContain('孙某');
  });

  it('roles × endpoints: another unit, another street (same unit), an unknown case — every read and write of one case', async () => {
    const c = await open({
      channel: 'hotline_12338',
      category: 'domestic_violence',
      needs: [],
      victim: { name: '钱某', street: 'xinqi' },
    });
    // the owning unit is announced, so other services can apply the same rule
    const [opened] = await eventsOf(c.id, 1, 'case.opened');
    expect(opened).toMatchObject({
      type: 'intake.case.opened.v1',
      data: { ownerDept: 'wf:district', street: 'xinqi' },
    });
    const version = () =>
      app.inject({ method: 'GET', url: `/cases/${c.id}`, headers: caseworker }).then((r) => r.json().version as number);
    const v0 = await version();
    const notesBefore = await count('notes');
    const endpoints = (
      id: string,
    ): { name: string; method: 'GET' | 'POST' | 'PUT' | 'PATCH'; url: string; payload?: object }[] => [
      { name: 'view', method: 'GET', url: `/cases/${id}` },
      { name: 'status', method: 'GET', url: `/cases/${id}/status` },
      { name: 'notes', method: 'GET', url: `/cases/${id}/notes` },
      { name: 'duplicates', method: 'GET', url: `/cases/${id}/duplicates` },
      { name: 'update', method: 'PATCH', url: `/cases/${id}`, payload: { version: v0, narrative: '新的情况' } },
      { name: 'consent', method: 'PUT', url: `/cases/${id}/consent`, payload: { consent: { police: true } } },
      { name: 'rescreen', method: 'POST', url: `/cases/${id}/risk-assessments`, payload: { yes: [] } },
      {
        name: 'override',
        method: 'POST',
        url: `/cases/${id}/consent-overrides`,
        payload: { department: 'court', reason: 'x'.repeat(12) },
      },
      { name: 'add note', method: 'POST', url: `/cases/${id}/notes`, payload: { text: '不应写入' } },
      { name: 'close', method: 'POST', url: `/cases/${id}/close`, payload: { reason: 'resolved' } },
    ];
    const refused = {
      'caseworker of another unit': bearer('wf_caseworker', 'wf:chunxiao'),
      'operator of another unit': bearer('hotline_operator', 'wf:chunxiao'),
      'caseworker of the owning unit restricted to Daqi': bearer('wf_caseworker', 'wf:district', { streets: ['daqi'] }),
      'operator of the owning unit restricted to Daqi': bearer('hotline_operator', 'wf:district', {
        streets: ['daqi'],
      }),
    };
    for (const [who, headers] of Object.entries(refused)) {
      for (const ep of endpoints(c.id)) {
        const res = await app.inject({
          method: ep.method,
          url: ep.url,
          headers,
          ...(ep.payload ? { payload: ep.payload } : {}),
        });
        expect(res.statusCode, `${who} ${ep.name} → ${res.body.slice(0, 120)}`).toBe(403);
        expect(res.body).not.toContain('钱某');
      }
    }
    const daqiCoordinator = bearer('coordinator', 'wcw:district', { streets: ['daqi'] });
    for (const ep of endpoints(c.id).slice(0, 2))
      expect(
        (await app.inject({ url: ep.url, headers: daqiCoordinator })).statusCode,
        `street-restricted coordinator ${ep.name}`,
      ).toBe(403);
    const listed = (await app.inject({ url: '/cases?street=xinqi', headers: daqiCoordinator })).json();
    expect(listed.items.some((i: { id: string }) => i.id === c.id)).toBe(false);
    // the owner restricted to Xinqi cannot move the case into Daqi
    const move = await app.inject({
      method: 'PATCH',
      url: `/cases/${c.id}`,
      headers: bearer('wf_caseworker', 'wf:district', { streets: ['xinqi'] }),
      payload: { version: v0, victim: { street: 'daqi' } },
    });
    expect(move.statusCode, move.body).toBe(403);
    // nothing was written by any refused call
    expect(await version()).toBe(v0);
    expect(await count('notes')).toBe(notesBefore);
    // an unknown case is a 404 for the owning unit
    const unknown = uuidv7();
    for (const ep of endpoints(unknown)) {
      const res = await app.inject({
        method: ep.method,
        url: ep.url,
        headers: caseworker,
        ...(ep.payload ? { payload: ep.payload } : {}),
      });
      expect(res.statusCode, `unknown case ${ep.name}`).toBe(404);
    }
  });
});
