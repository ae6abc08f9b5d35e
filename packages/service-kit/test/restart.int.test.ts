import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createDb, runMigrations, type DbClient } from '@linkage/db';
import { TOPICS } from '@linkage/contracts';
import { createKafka, createProducer, ensureTopics, type Producer } from '@linkage/messaging';
import {
  caseOpenedEvent as caseOpened,
  REPO_ROOT,
  eventually,
  freshDatabase,
  freshTopicPrefix,
  serviceEnv,
  testInfra,
} from '@linkage/testing';
import { buildConsumerApp, GROUP } from './fixtures/consumer-app.ts';

const logger = pino({ level: 'silent' });
const MEMBER = fileURLToPath(new URL('./fixtures/member.ts', import.meta.url));

/** Start the member process and wait (bounded) until it says it joined the group. */
async function startMember(env: Record<string, string>): Promise<ChildProcess> {
  // One process (node with tsx's loader), not the tsx wrapper: a SIGKILL must kill the member itself.
  const child = spawn(process.execPath, ['--import', 'tsx', MEMBER], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  await eventually(
    () => out.includes('JOINED') || child.exitCode !== null,
    'the first instance to join its group',
    90_000,
  );
  if (!out.includes('JOINED')) throw new Error(`the first instance exited: ${out.slice(-2000)}`);
  return child;
}

describe('a service restarted right after a crash (real Kafka, real Postgres)', () => {
  const prefix = freshTopicPrefix();
  const { brokers } = testInfra();
  const kafka = createKafka({ brokers, clientId: 'restart-test', logger });
  let env: Record<string, string>;
  let client: DbClient<Record<string, never>>;
  let producer: Producer;

  beforeAll(async () => {
    const url = await freshDatabase('restart');
    await runMigrations(url);
    client = createDb(url, {});
    await client.sql`create table effects (id serial primary key, case_id uuid not null, event_id uuid not null)`;
    await ensureTopics(kafka, prefix);
    producer = createProducer(kafka);
    await producer.connect();
    env = serviceEnv({ databaseUrl: url, brokers, topicPrefix: prefix });
  });

  afterAll(async () => {
    await producer?.disconnect();
    await client?.close();
  });

  it('serves at once, says not ready while the crashed member holds the group, then joins, applies events, and leaves cleanly on close', async () => {
    const crashed = await startMember(env);
    crashed.kill('SIGKILL'); // dies without leaving the group: its session lives on in the broker
    await new Promise<void>((r) =>
      crashed.exitCode !== null || crashed.signalCode !== null ? r() : crashed.once('exit', () => r()),
    );

    const app = await buildConsumerApp(env, logger);
    let ourMember: string | undefined;
    try {
      const t0 = Date.now();
      await app.ready();
      const readyMs = Date.now() - t0;
      expect(readyMs, 'app.ready() must not wait for the group join').toBeLessThan(5_000);

      const early = await app.inject({ method: 'GET', url: '/readyz' });
      expect(early.statusCode, early.body).toBe(503);
      expect(early.json(), early.body).toMatchObject({
        status: 'not_ready',
        checks: { database: 'ok', kafka: 'ok', consumers: 'joining' },
      });
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);

      // The dead member's session (12 s) must expire before the group lets the new member in.
      const joinedAfterMs = await eventually(
        async () => (await app.inject({ method: 'GET', url: '/readyz' })).statusCode === 200 && Date.now() - t0,
        '/readyz to turn 200 once the consumer joined',
        60_000,
        250,
      );
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', kafka: 'ok', consumers: 'ok' } });

      const e = caseOpened('0190f0f0-0000-7000-8000-0000000000a1');
      await producer.send({
        topic: prefix + TOPICS.intake,
        acks: -1,
        messages: [{ key: e.subject, value: JSON.stringify(e) }],
      });
      await eventually(
        async () => (await client.sql`select 1 from effects where event_id = ${e.id}`).length === 1,
        'the event applied',
        30_000,
      );
      console.log(
        `restart after a crash: ready() in ${readyMs} ms, /readyz 200 after ${joinedAfterMs} ms; ${app.messaging.consumers[0]!.incarnations} consumer(s) built`,
      );
    } finally {
      ourMember = app.messaging.consumers[0]?.memberId;
      await app.close();
    }

    // Closed cleanly: the member left, so the next start has no session to wait out.
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { groups } = await admin.describeGroups([prefix + GROUP]);
      expect(
        groups[0]?.members.map((m) => `${m.clientId} ${m.memberId} ${m.clientHost}`) ?? [],
        `state ${groups[0]?.state}; ours was ${ourMember}`,
      ).toEqual([]);
    } finally {
      await admin.disconnect();
    }
  });
});
