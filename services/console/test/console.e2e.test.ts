import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, ConsoleMessage, Page, Request, Response } from 'playwright-core';
import {
  bearer,
  freshDatabase,
  freshTopicPrefix,
  serviceEnv,
  startService,
  testInfra,
  testKeys,
  type RunningService,
} from '@linkage/testing';
import { createKafka, ensureTopics } from '@linkage/messaging';
import { pino } from 'pino';
import { launchChromium, screenshot, signIn, startConsole, watchProblems, type RunningConsole } from './browser.ts';

/**
 * The console in a real browser (Debian's chromium through playwright-core) in front of the five
 * services as processes on the real broker and Postgres: DESIGN.md's canonical scenario through
 * the screens, and the console's security promises.
 */
const SERVICES = ['intake', 'dv-referral', 'legal-aid', 'elder-care', 'case-timeline'] as const;
type Svc = (typeof SERVICES)[number];
const DASH_HIGH = [
  'current_injury',
  'very_frightened',
  'afraid_of_outcome',
  'isolated',
  'separation',
  'stalking',
  'escalating',
  'controlling_jealous',
  'weapon_used',
  'threat_to_kill',
  'strangulation',
  'others_threatened',
  'substance_mental_health',
  'prior_police_calls',
];
const ACCOUNT = {
  operator: '12338 热线接线员 — 全区妇联',
  policeXinqi: '派出所民警 — 新碶街道派出所',
  policeDaqi: '派出所民警 — 大碶街道派出所',
  clerk: '法院书记员 — 北仑区法院',
  legalAid: '法律援助中心工作人员 — 北仑区法律援助中心',
  coordinator: '妇儿工委协调员 — 全区妇儿工委',
  reporter: '强制报告责任人 — 新碶中心小学',
  caseworker: '妇联个案工作者 — 全区妇联',
  shelter: '庇护场所工作人员 — 北仑区庇护场所',
  health: '医疗/心理工作者 — 北仑区医疗机构',
  elderCare: '养老服务工作人员 — 北仑区养老服务',
};

/** A bounded wait for the screen to show something (the default 1 s is too short on a busy machine). */
const POLL = { timeout: 60_000, interval: 250 };

/** Open the Select of the form item labelled `label` and pick the option titled `option`. */
/**
 * Pick an option of a form's select, and see it chosen. A click on the option while the dropdown was still opening
 * could be lost (CI, 2026-11-29: 所在街道 stayed empty, so the form was never sent): the choice is checked and, bounded,
 * made again.
 */
async function choose(page: Page, label: string, option: string) {
  const item = page.locator('.ant-form-item', { has: page.locator(`label[title="${label}"]`) });
  const chosen = item.locator(`.ant-select-selection-item[title="${option}"]`);
  for (let attempt = 1; ; attempt++) {
    await item.locator('.ant-select-selector').click();
    await page
      .locator('.ant-select-dropdown')
      .filter({ visible: true })
      .locator(`.ant-select-item-option[title="${option}"]`)
      .click();
    try {
      await chosen.waitFor({ timeout: 5_000 });
      return;
    } catch (err) {
      if (attempt >= 3)
        throw new Error(`${label}: "${option}" was clicked ${attempt} times and is not chosen`, { cause: err });
      await page.keyboard.press('Escape'); // a dropdown left open would close on the next click instead
    }
  }
}

/**
 * Submit the open dialog and wait for it to close. CI (2026-11-29, fresh machine) once left the call-out dialog open
 * 60 s after the click, filled in, with no error and the button not loading: no command had been sent. So the click
 * is checked by the request it must send; a click that sent nothing is made again (bounded — the dialog's one
 * Idempotency-Key makes a repeated send safe anyway), and a dialog that still does not close is reported with what
 * the page sent, received and logged meanwhile.
 */
async function submitModal(page: Page) {
  const dialog = page.locator('.ant-modal-content').filter({ visible: true });
  const ok = dialog.locator('.ant-modal-footer .ant-btn-primary');
  const seen: string[] = [];
  const onRequest = (r: Request) => {
    if (r.url().includes('/api/')) seen.push(`→ ${r.method()} ${new URL(r.url()).pathname}`);
  };
  const onResponse = (r: Response) => {
    if (r.url().includes('/api/')) seen.push(`← ${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
  };
  const onConsole = (m: ConsoleMessage) => seen.push(`console.${m.type()}: ${m.text()}`);
  const onError = (e: Error) => seen.push(`pageerror: ${e.message}`);
  page.on('request', onRequest);
  page.on('response', onResponse);
  page.on('console', onConsole);
  page.on('pageerror', onError);
  try {
    for (let attempt = 1; ; attempt++) {
      const sent = page
        .waitForRequest((r) => r.method() !== 'GET' && r.url().includes('/api/'), { timeout: 15_000 })
        .catch(() => null);
      await ok.click();
      if (await sent) break;
      // nothing sent: unless the dialog is already busy or gone, the click did not take
      if (!(await dialog.isVisible()) || (await ok.getAttribute('class'))?.includes('ant-btn-loading')) break;
      if (attempt >= 3) throw new Error(`the dialog's submit was clicked ${attempt} times and sent nothing`);
      const title = await dialog.locator('.ant-modal-title').innerText();
      const invalid = await dialog.locator('.ant-form-item-explain-error').allInnerTexts();
      console.warn(
        `submitModal: 提交 in "${title}" sent nothing (${invalid.length ? `errors: ${invalid.join('; ')}` : 'no field errors'}); clicking again (attempt ${attempt + 1})\n${seen.join('\n')}`,
      );
    }
    await dialog.waitFor({ state: 'hidden' });
  } catch (err) {
    await screenshot(page, 'failed-modal');
    const text = await dialog.innerText().catch(() => '?');
    throw new Error(`the dialog did not close: ${text}\n${seen.join('\n')}`, { cause: err });
  } finally {
    page.off('request', onRequest);
    page.off('response', onResponse);
    page.off('console', onConsole);
    page.off('pageerror', onError);
  }
}

describe('console: the canonical scenario through the screens', () => {
  const { brokers } = testInfra();
  const prefix = freshTopicPrefix();
  const svc = {} as Record<Svc, RunningService>;
  let bff: RunningConsole;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];
  let caseId = '';

  const context = async () => {
    const c = await browser.newContext({
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1440, height: 900 },
    });
    c.setDefaultTimeout(60_000); // generous: the machine running npm test may be very busy
    contexts.push(c);
    return c;
  };
  const page = async (account: string) => {
    const p = await signIn(await context(), bff.url, account);
    watchProblems(p, problems);
    return p;
  };

  beforeAll(async () => {
    const kafka = createKafka({ brokers, clientId: 'e2e-console', logger: pino({ level: 'silent' }) });
    // the shared broker is sometimes slow to publish new topics' metadata: a bounded retry
    for (let attempt = 1; ; attempt++) {
      try {
        await ensureTopics(kafka, prefix);
        break;
      } catch (err) {
        if (attempt >= 5) throw err;
        await new Promise((r) => setTimeout(r, 2000 * attempt));
      }
    }
    // allSettled: a service that started is stopped in afterAll even when another one failed to start
    const results = await Promise.allSettled(
      SERVICES.map(async (name) => {
        const env = serviceEnv({
          databaseUrl: await freshDatabase(`e2e_console_${name.replace('-', '_')}`),
          brokers,
          topicPrefix: prefix,
          extra: { LOG_LEVEL: 'warn', SCHEDULER_INTERVAL_MS: '500' },
        });
        return (svc[name] = await startService(name, env, 150_000));
      }),
    );
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    const started = Object.values(svc);
    bff = await startConsole(Object.fromEntries(started.map((s) => [s.name, s.url])), testKeys().privateKey);
    browser = await launchChromium();
    // Reference data an administrator sets up (not a console screen): a lawyer on the legal aid registry.
    const res = await fetch(`${svc['legal-aid'].url}/lawyers`, {
      method: 'POST',
      headers: { ...bearer('admin', 'platform:ops'), 'content-type': 'application/json' },
      body: JSON.stringify({
        name: '李律师',
        organisation: '北仑区法律援助中心',
        gender: 'female',
        practiceAreas: ['dv_protection_order', 'divorce'],
        maxCases: 10,
      }),
    });
    expect(res.status).toBe(201);
  }, 240_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await bff?.stop();
    await Promise.all(Object.values(svc).map((s) => s.kill('SIGTERM')));
  }, 60_000);

  it('operator opens the high-risk case; Xinqi police see it within 5 s, accept and warn; the court rules and serves; legal aid approves and assigns; the coordinator sees every step and clock', async () => {
    // The two stations' queues are open before the call comes in.
    const xinqi = await page(ACCOUNT.policeXinqi);
    await xinqi.getByText('派出所工作队列').first().waitFor();
    const daqi = await page(ACCOUNT.policeDaqi);
    await daqi.getByText('派出所工作队列').first().waitFor();

    // 1. The 12338 operator fills in 新建案件; the checklist scores as she ticks.
    const op = await page(ACCOUNT.operator);
    await op.waitForURL(/\/intake\/new$/);
    await op.getByTestId('victim-name').fill('李某某');
    await op.getByTestId('victim-age').fill('34');
    await op.getByTestId('victim-phone').fill('13800000000');
    await choose(op, '所在街道', '新碶街道');
    await choose(op, '与当事人关系', '配偶');
    await op.getByTestId('narrative').fill('丈夫殴打并威胁要杀死她');
    await op.getByTestId('needs').getByText('反家暴保护').click();
    await op.getByTestId('needs').getByText('法律援助').click();
    for (const d of ['police', 'court', 'legal_aid', 'shelter'])
      await op.locator(`[data-consent="${d}"]`).getByText('同意', { exact: true }).click();
    const level = op.getByTestId('risk-level');
    expect(await level.getAttribute('data-level')).toBe('standard');
    for (const [n, item] of DASH_HIGH.entries()) {
      await op.locator(`input[value="${item}"]`).check();
      await expect.poll(() => op.getByTestId('risk-score').textContent(), POLL).toBe(String(n + 1));
    }
    expect(await level.getAttribute('data-level')).toBe('high');
    await screenshot(op, 'operator-new-case');

    const [created] = await Promise.all([
      op.waitForResponse((r) => r.url().endsWith('/api/intake/cases') && r.request().method() === 'POST'),
      op.getByTestId('save-case').click(),
    ]);
    expect(created.status()).toBe(201);
    expect(created.request().headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.request().headers()['authorization']).toBeUndefined();
    const savedAt = Date.now();
    const opened = (await created.json()) as { id: string; caseNumber: string };
    caseId = opened.id;
    await expect.poll(() => op.getByTestId('case-number').textContent(), POLL).toBe(opened.caseNumber);
    await op.getByTestId('referral-sent').first().waitFor();
    expect(await op.getByTestId('referral-sent').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('反家暴联动'), expect.stringContaining('法律援助')]),
    );
    await screenshot(op, 'operator-case-opened');

    // 2. It appears in the Xinqi queue without a reload, within 5 s of saving.
    const row = xinqi.locator(`tr[data-case="${caseId}"]`);
    await row.waitFor({ timeout: 5000 });
    const seenAfterMs = Date.now() - savedAt;
    expect(seenAfterMs).toBeLessThan(5000);
    await expect.poll(() => row.getByTestId('countdown').getAttribute('data-state'), POLL).toBe('on_track');
    await screenshot(xinqi, 'police-queue');

    //    Daqi station's queue refreshes without it, and asking for it directly is refused.
    const [refreshed] = await Promise.all([
      daqi.waitForResponse((r) => r.url().endsWith('/api/dv-referral/referrals') && r.status() === 200),
    ]);
    const daqiItems = ((await refreshed.json()) as { items: { caseId: string }[] }).items;
    expect(daqiItems.map((i) => i.caseId)).not.toContain(caseId);
    expect(await daqi.locator(`tr[data-case="${caseId}"]`).count()).toBe(0);
    const refId = await row.getAttribute('data-referral');
    const direct = await daqi.evaluate(async (id) => (await fetch(`/api/dv-referral/referrals/${id}`)).status, refId);
    expect([403, 404]).toContain(direct);

    // 3. Police accept, record the call-out, issue a warning letter and deliver it three ways.
    await row.getByTestId('accept').click();
    await expect.poll(() => row.getByTestId('referral-status').textContent(), POLL).toContain('已接收');
    await row.getByTestId('callout').click();
    await submitModal(xinqi);
    await row.getByTestId('warning-letter').click();
    await xinqi.getByTestId('letter-abuser').fill('张某');
    await xinqi.getByTestId('letter-facts').fill('殴打并威胁杀害');
    await submitModal(xinqi);
    for (const who of ['abuser', 'victim', 'committee']) {
      await xinqi.getByTestId(`deliver-${who}`).click();
      await xinqi.getByTestId(`deliver-${who}`).waitFor({ state: 'detached' });
    }

    // 4. The court: the urgent application filed on her behalf — accept, issue for 6 months, serve all four parties.
    const court = await page(ACCOUNT.clerk);
    const orderRow = court.locator(`tr[data-case="${caseId}"]`);
    await orderRow.waitFor();
    await screenshot(court, 'court-orders');
    await orderRow.getByTestId('order-accept').click();
    await submitModal(court);
    await orderRow.getByTestId('order-issue').click();
    await submitModal(court);
    await expect.poll(() => orderRow.getByTestId('order-status').textContent(), POLL).toBe('已签发');
    for (let n = 0; n < 4; n++) {
      await orderRow.getByTestId('order-serve').click();
      await submitModal(court);
    }
    await orderRow.getByTestId('order-serve').waitFor({ state: 'detached' });

    // 5. Legal aid: approve (exempt from the means test as a DV victim) and assign a lawyer.
    const la = await page(ACCOUNT.legalAid);
    const appRow = la.locator(`tr[data-case="${caseId}"]`);
    await appRow.waitFor();
    await screenshot(la, 'legal-aid-applications');
    await appRow.getByTestId('la-approve').click();
    await submitModal(la);
    await expect.poll(() => appRow.getByTestId('la-status').textContent(), POLL).toBe('已批准');
    await appRow.getByTestId('la-assign').click();
    await submitModal(la);
    await expect.poll(() => appRow.getByTestId('la-status').textContent(), POLL).toBe('已指派律师');

    // 6. The coordinator's case page: every step from every department, and each clock met.
    const co = await page(ACCOUNT.coordinator);
    await co.waitForURL(/\/oversight$/);
    await co.getByTestId('chart-indicators').waitFor();
    await screenshot(co, 'coordinator-dashboard');
    await co.goto(`${bff.url}/oversight/cases/${caseId}`);
    const expected = [
      'intake.case.opened.v1',
      'intake.risk.assessed.v1',
      'intake.referral.requested.v1',
      'dv.referral.created.v1',
      'dv.referral.accepted.v1',
      'dv.callout.recorded.v1',
      'dv.warning_letter.issued.v1',
      'dv.warning_letter.delivered.v1',
      'dv.protection_order.applied.v1',
      'dv.protection_order.accepted.v1',
      'dv.protection_order.issued.v1',
      'dv.protection_order.served.v1',
      'legal_aid.application.received.v1',
      'legal_aid.application.approved.v1',
      'legal_aid.lawyer.assigned.v1',
    ];
    const met = [
      'referral_acceptance',
      'protection_order_ruling',
      'legal_aid_decision',
      'legal_aid_assignment',
      'warning_letter_delivery',
    ];
    await expect
      .poll(
        async () => {
          const types = new Set(
            await co.locator('.timeline-entry').evaluateAll((els) => els.map((e) => e.getAttribute('data-type'))),
          );
          const states = await co
            .locator('[data-clock-state]')
            .evaluateAll((els) =>
              els.map((e) => `${e.getAttribute('data-rule')}=${e.getAttribute('data-clock-state')}`),
            );
          return {
            missing: expected.filter((t) => !types.has(t)),
            unmet: met.filter((r) => !states.includes(`${r}=met`)),
          };
        },
        { timeout: 60_000, interval: 1000 },
      )
      .toEqual({ missing: [], unmet: [] });
    const text = await co.locator('body').innerText();
    for (const secret of ['李某某', '13800000000', '殴打', '张某']) expect(text).not.toContain(secret);
    expect(text).toContain('派出所'); // actors are named by role and department
    await screenshot(co, 'coordinator-case-timeline');
    expect(problems).toEqual([]);
  }, 420_000);

  it('a reporter files a report and sees her receipts, and cannot reach any case screen or case API', async () => {
    const rp = await page(ACCOUNT.reporter);
    await rp.waitForURL(/\/reports$/);
    await rp.getByText('我的回执').waitFor();
    await choose(rp, '街道', '新碶街道');
    const [filed] = await Promise.all([
      rp.waitForResponse((r) => r.url().endsWith('/api/intake/mandatory-reports') && r.request().method() === 'POST'),
      rp.getByRole('button', { name: '提交报告' }).click(),
    ]);
    expect(filed.status()).toBe(201);
    expect(filed.request().headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    const { receiptNumber } = (await filed.json()) as { receiptNumber: string };
    await rp.locator('td', { hasText: receiptNumber }).waitFor();
    await screenshot(rp, 'reporter');
    for (const path of [
      '/intake/cases',
      '/intake/new',
      '/cases',
      `/cases/${caseId}`,
      `/oversight/cases/${caseId}`,
      '/police',
      '/oversight',
    ]) {
      await rp.goto(`${bff.url}${path}`);
      await rp.getByText('无权访问').waitFor();
    }
    const statuses = await rp.evaluate(async (id) => {
      const urls = [
        '/api/intake/cases',
        `/api/intake/cases/${id}`,
        `/api/case-timeline/cases/${id}/timeline`,
        '/api/dv-referral/referrals',
        '/api/legal-aid/applications',
      ];
      return Promise.all(urls.map(async (u) => (await fetch(u)).status));
    }, caseId);
    expect(statuses).toEqual([403, 403, 403, 403, 403]);
    expect(await rp.evaluate(async () => (await fetch('/api/intake/mandatory-reports')).status)).toBe(200);
    expect(problems).toEqual([]);
  }, 240_000);

  it("every other desk opens on its role's main screen, in Chinese and in English", async () => {
    const desks: [string, RegExp, string, string][] = [
      [ACCOUNT.caseworker, /\/cases$/, '我的案件', 'caseworker'],
      [ACCOUNT.shelter, /\/shelter$/, '床位看板', 'shelter'],
      [ACCOUNT.health, /\/health$/, '医疗/心理转介队列', 'health'],
      [ACCOUNT.elderCare, /\/elder-care$/, '养老服务对象', 'elder-care'],
    ];
    for (const [account, home, heading, name] of desks) {
      const p = await page(account);
      await p.waitForURL(home);
      await p.getByText(heading).first().waitFor();
      await p.locator('.ant-table').first().waitFor();
      await screenshot(p, name);
    }
    // the caseworker's list holds the case the operator opened (same department), and its page opens
    const cw = await page(ACCOUNT.caseworker);
    await cw.locator('a', { hasText: /^BL-/ }).first().click();
    await cw.getByText('各部门进展').waitFor();
    await screenshot(cw, 'caseworker-case');
    // English by the toggle in the header
    await cw.getByText('EN', { exact: true }).click();
    await cw.getByText('Departments').first().waitFor();
    expect(await cw.getByTestId('whoami').textContent()).toContain("Women's federation caseworker");
    expect(problems).toEqual([]);
  }, 300_000);

  it('keeps the session in an httpOnly SameSite=Strict cookie: no token is readable from the page', async () => {
    const ctx = await context();
    const p = await signIn(ctx, bff.url, ACCOUNT.operator);
    const cookies = await ctx.cookies();
    const session = cookies.find((c) => c.name === 'linkage_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const visible = await p.evaluate(async () => {
      const who = await (await fetch('/auth/session')).text();
      return {
        cookie: document.cookie,
        html: document.documentElement.outerHTML,
        local: JSON.stringify({ ...localStorage }),
        session: JSON.stringify({ ...sessionStorage }),
        who,
      };
    });
    expect(visible.cookie).not.toContain('linkage_session');
    for (const [where, value] of Object.entries(visible))
      expect({ where, jwt: /eyJ[\w-]+\.eyJ[\w-]+\./.test(value) }).toEqual({ where, jwt: false });
    // a state-changing call without the CSRF token is refused, even with the cookie
    const forged = await p.evaluate(
      async () =>
        (
          await fetch('/api/intake/cases', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{}',
          })
        ).status,
    );
    expect(forged).toBe(403);
  }, 120_000);
});
