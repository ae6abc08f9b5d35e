// Benchmark (not a test): from pressing 登录 to a usable 新建案件 form (the active risk checklist
// loaded, the save button enabled), in headless Debian chromium, each run in a fresh browser
// context (empty cache: the app's JavaScript is downloaded every time).
//   npx tsx services/console/bench/sign-in-to-form.ts [--runs 7] [--url http://127.0.0.1:4100]
// Without --url it starts its own intake (fresh database and topics on the local infrastructure,
// `npm run infra:up`, or KAFKA_BROKERS / PG_ADMIN_URL) and console; the app must be built
// (npm run build -w @linkage/console).
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { DEV_AUDIENCE, DEV_ISSUER, generateKeyPair } from '@linkage/auth';
import { ensureDatabase } from '@linkage/db';
import { createKafka, ensureTopics } from '@linkage/messaging';
import { launchChromium, startConsole, startNode, type RunningProcess } from '../test/browser.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, url: { type: 'string' } } });
const runs = Number(values.runs);
const TARGET_MS = 1500;

let intake: RunningProcess | undefined;
let bff: RunningProcess | undefined;
let base = values.url;
if (!base) {
  const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';
  const pgAdmin = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:15432/postgres';
  const suffix = randomBytes(4).toString('hex');
  const prefix = `bench${suffix}.`;
  await ensureTopics(
    createKafka({ brokers: brokers.split(','), clientId: 'bench-console', logger: pino({ level: 'silent' }) }),
    prefix,
  );
  const keys = generateKeyPair();
  intake = await startNode('intake', 'services/intake/src/server.ts', {
    DATABASE_URL: await ensureDatabase(pgAdmin, `t_bench_console_${suffix}`),
    KAFKA_BROKERS: brokers,
    TOPIC_PREFIX: prefix,
    JWT_PUBLIC_KEY: keys.publicKey,
    JWT_ISSUERS: DEV_ISSUER,
    JWT_AUDIENCES: DEV_AUDIENCE,
    FIELD_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
  });
  const none = 'http://127.0.0.1:9';
  bff = await startConsole(
    { intake: intake.url, 'dv-referral': none, 'legal-aid': none, 'elder-care': none, 'case-timeline': none },
    keys.privateKey,
  );
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
  await intake?.stop();
}
const sorted = [...times].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)]!;
const f = (ms: number) => `${Math.round(ms)} ms`;
console.log(`sign-in → usable 新建案件 form, ${runs} runs (fresh context each, headless chromium):`);
console.log(`  each: ${times.map(f).join(', ')}`);
console.log(
  `  median ${f(median)}, min ${f(sorted[0]!)}, max ${f(sorted.at(-1)!)} (target ≤ ${TARGET_MS} ms) ${median <= TARGET_MS ? 'OK' : 'OVER TARGET'}`,
);
console.log(
  `  including loading the sign-in page and choosing the account: median ${f([...fromPageLoad].sort((a, b) => a - b)[Math.floor(runs / 2)]!)}`,
);
