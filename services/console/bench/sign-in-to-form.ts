// Benchmark (not a test): from pressing 登录 to a usable 新建案件 form (the active risk checklist
// loaded, the save button enabled), in headless Debian chromium, each run in a fresh browser
// context (empty cache: the app's JavaScript is downloaded every time).
//   npx tsx services/console/bench/sign-in-to-form.ts [--runs 7] [--url http://127.0.0.1:4100]
// Without --url it starts its own intake (fresh database and topics on the local infrastructure,
// `npm run infra:up`) and console; the app must be built (npm run build -w @linkage/console).
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { createKafka, ensureTopics } from '@linkage/messaging';
import { ensureDatabase } from '@linkage/db';
import { freshTopicPrefix, resolveInfra, serviceEnv, startService, uniqueSuffix, type RunningService } from '@linkage/testing';
import { launchChromium, startConsole, type RunningConsole } from '../test/browser.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, url: { type: 'string' } } });
const runs = Number(values.runs);
const TARGET_MS = 1500;

let intake: RunningService | undefined;
let bff: RunningConsole | undefined;
let base = values.url;
let stopInfra: (() => Promise<void>) | undefined;
if (!base) {
  const infra = await resolveInfra();
  stopInfra = infra.stop;
  const brokers = infra.brokers.split(',');
  const prefix = freshTopicPrefix();
  await ensureTopics(createKafka({ brokers, clientId: 'bench-console', logger: pino({ level: 'silent' }) }), prefix);
  intake = await startService('intake', serviceEnv({ databaseUrl: await ensureDatabase(infra.pgAdminUrl, `t_bench_console_intake_${uniqueSuffix()}`), brokers, topicPrefix: prefix, extra: { LOG_LEVEL: 'warn' } }), 150_000);
  const none = 'http://127.0.0.1:9';
  bff = await startConsole({ intake: intake.url, 'dv-referral': none, 'legal-aid': none, 'elder-care': none, 'case-timeline': none });
  base = bff.url;
}

const browser = await launchChromium();
const times: number[] = [];
const fromPageLoad: number[] = [];
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    const loadStart = performance.now();
    await page.goto(`${base}/sign-in`);
    await page.locator('.ant-select-selection-search-input').fill('12338 热线接线员');
    await page.locator('.ant-select-item-option', { hasText: '12338 热线接线员' }).first().click();
    const t0 = performance.now();
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.locator('input[value="current_injury"]').waitFor();
    await page.getByTestId('save-case').and(page.locator(':enabled')).waitFor();
    const t1 = performance.now();
    times.push(t1 - t0);
    fromPageLoad.push(t1 - loadStart);
    await context.close();
  }
} finally {
  await browser.close();
  await bff?.stop();
  await intake?.kill();
  await stopInfra?.();
}
const sorted = [...times].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)]!;
const f = (ms: number) => `${Math.round(ms)} ms`;
console.log(`sign-in → usable 新建案件 form, ${runs} runs (fresh context each, headless chromium):`);
console.log(`  each: ${times.map(f).join(', ')}`);
console.log(`  median ${f(median)}, min ${f(sorted[0]!)}, max ${f(sorted.at(-1)!)} (target ≤ ${TARGET_MS} ms) ${median <= TARGET_MS ? 'OK' : 'OVER TARGET'}`);
console.log(`  including loading the sign-in page and choosing the account: median ${f([...fromPageLoad].sort((a, b) => a - b)[Math.floor(runs / 2)]!)}`);
