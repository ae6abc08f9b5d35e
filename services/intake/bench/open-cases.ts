// Intake write throughput with the transactional outbox, against a fresh database and the real broker.
//
//   npx tsx services/intake/bench/open-cases.ts [--n 2000] [--concurrency 16]
//
// Env: PG_ADMIN_URL (default postgres://postgres@127.0.0.1:15432/postgres), KAFKA_BROKERS (default 127.0.0.1:19092).
// Opens N cases through app.inject (each: victim PII encrypted, blind-index duplicate lookup, risk
// answers, consent ⇒ case.opened + 2 referral requests, audit row, 3 outbox rows), then waits for the
// relay to publish every outbox row (Kafka acks=-1) and prints cases/s written and published/s end to end.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import postgres from 'postgres';
import { DEV_AUDIENCE, DEV_ISSUER, generateKeyPair, mintToken } from '@linkage/auth';
import { ensureDatabase } from '@linkage/db';
import { createKafka, ensureTopics } from '@linkage/messaging';
import { buildApp } from '../src/app.ts';
import { intakeConfig } from '../src/config.ts';
import { CHECKLIST_ITEM_IDS } from '../src/domain/risk/checklist.ts';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: process.env.BENCH_N ?? '2000' },
    concurrency: { type: 'string', default: process.env.BENCH_CONCURRENCY ?? '16' },
  },
});
const N = Number(values.n);
const CONCURRENCY = Number(values.concurrency);
const adminUrl = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:15432/postgres';
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
const logger = pino({ level: 'silent' });

const suffix = randomBytes(4).toString('hex');
const dbUrl = await ensureDatabase(adminUrl, `bench_intake_${suffix}`);
const prefix = `bench${suffix}.`;
await ensureTopics(createKafka({ brokers, clientId: 'intake-bench-admin', logger }), prefix);

const keys = generateKeyPair();
const b64 = () => randomBytes(32).toString('base64');
const config = intakeConfig({
  NODE_ENV: 'test',
  PORT: '0',
  LOG_LEVEL: 'silent',
  DATABASE_URL: dbUrl,
  KAFKA_BROKERS: brokers.join(','),
  TOPIC_PREFIX: prefix,
  JWT_PUBLIC_KEY: keys.publicKey,
  JWT_ISSUERS: DEV_ISSUER,
  JWT_AUDIENCES: DEV_AUDIENCE,
  FIELD_ENCRYPTION_KEY: b64(),
  BLIND_INDEX_KEY: b64(),
  CONSUMERS_ENABLED: 'false',
});
const app = await buildApp(config, { logger });
await app.ready();
const headers = {
  authorization: `Bearer ${mintToken({ sub: 'bench', role: 'hotline_operator', dept: 'wf:district' }, { privateKey: keys.privateKey })}`,
};
const streets = ['xinqi', 'daqi', 'xiaogang', 'xiapu', 'chaiqiao'];

const payload = (i: number) => ({
  channel: 'hotline_12338',
  category: 'domestic_violence',
  caller: { anonymous: false, relation: 'self', safeToCallBack: true, safeTime: '工作日上午' },
  victim: {
    name: `测试${i}`,
    sex: 'female',
    birthYear: 1970 + (i % 40),
    phone: `139${String(i).padStart(8, '0')}`,
    street: streets[i % streets.length],
  },
  perpetrator: { relation: 'spouse' },
  incident: { violenceTypes: ['physical', 'threats'], description: '模拟事件描述' },
  needs: ['dv_protection', 'legal_aid'],
  risk: { yes: CHECKLIST_ITEM_IDS.slice(0, i % 20) },
  consent: { police: true, legal_aid: true },
  narrative: '模拟叙述'.repeat(20),
});

const latencies: number[] = [];
let next = 0;
let failures = 0;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    for (let i = next++; i < N; i = next++) {
      const s = performance.now();
      const res = await app.inject({ method: 'POST', url: '/cases', headers, payload: payload(i) });
      latencies.push(performance.now() - s);
      if (res.statusCode !== 201) {
        failures++;
        if (failures <= 3) console.error(`case ${i}: ${res.statusCode} ${res.body}`);
      }
    }
  }),
);
const tWritten = performance.now();

const [totalRow] = await app.store.sql<{ total: number }[]>`select count(*)::int as total from outbox`;
const total = totalRow!.total;
const deadline = Date.now() + 300_000;
for (;;) {
  const [row] = await app.store.sql<
    { left: number }[]
  >`select count(*)::int as left from outbox where published_at is null`;
  const left = row!.left;
  if (left === 0) break;
  if (Date.now() > deadline) throw new Error(`relay did not publish ${left} of ${total} events within 300 s`);
  await new Promise((r) => setTimeout(r, 20));
}
const tPublished = performance.now();
await app.close();

latencies.sort((a, b) => a - b);
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1);
const writeS = (tWritten - t0) / 1000;
const e2eS = (tPublished - t0) / 1000;
console.log(`intake open-cases bench: N=${N} concurrency=${CONCURRENCY} failures=${failures} outbox events=${total}`);
console.log(
  `  written:   ${(N / writeS).toFixed(1)} cases/s  (${writeS.toFixed(2)} s; latency p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms)`,
);
console.log(
  `  published: ${(N / e2eS).toFixed(1)} cases/s end to end = ${(total / e2eS).toFixed(1)} events/s  (${e2eS.toFixed(2)} s, relay lag after last write ${((tPublished - tWritten) / 1000).toFixed(2)} s)`,
);

// The database is dropped unless BENCH_KEEP=1 (the topics stay, like test topics).
if (process.env.BENCH_KEEP !== '1') {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists bench_intake_${suffix} with (force)`);
  await admin.end({ timeout: 5 });
} else console.log(`  kept database ${dbUrl.replace(/\/\/[^@]*@/, '//')} (topic prefix ${prefix})`);
