import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { TOPICS, topicDefinitions } from '@linkage/contracts';
import { createKafka, ensureTopics, TopicTap } from '@linkage/messaging';
import {
  bearer,
  eventually,
  freshDatabase,
  freshTopicPrefix,
  queryOnce,
  serviceEnv,
  startService,
  testInfra,
  type RunningService,
} from '@linkage/testing';
import { caseBody, type CaseKind } from '../../../infra/chaos/load.ts';
import { ALL_SERVICES, type Svc } from '../../../infra/chaos/stack.ts';
import { Verifier } from '../../../infra/chaos/verify.ts';

/** Samples of one metric family from a Prometheus text exposition, with their labels. */
function samples(text: string, name: string): { labels: Record<string, string>; value: number }[] {
  const out: { labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-z_]+)="([^"]*)"/g)) labels[l[1]!] = l[2]!;
    out.push({ labels, value: Number(m[3]) });
  }
  return out;
}

/**
 * Scale-out on one machine: two processes of each of the five services at once, on the same databases, topics
 * and consumer groups (as two Kubernetes replicas would run), cases sent to both intake instances. What runs once
 * runs once and nothing is done twice:
 *   - one outbox relay per service leads (the advisory lock), the other stands by and publishes nothing;
 *   - each consumer group splits its partitions between the two instances;
 *   - the clock scheduler runs in both case-timeline instances, and a due clock is breached once;
 *   - every effect of every case exists exactly once in every service, and every event is published once.
 */
describe('two instances of every service', () => {
  const { brokers } = testInfra();
  const prefix = freshTopicPrefix();
  const kafka = createKafka({ brokers, clientId: 'e2e-two-instances', logger: pino({ level: 'silent' }) });
  const dbs = {} as Record<Svc, string>;
  const inst = {} as Record<Svc, [RunningService, RunningService]>;
  const all = () => Object.values(inst).flat();
  let tap: TopicTap;
  let verifier: Verifier;
  const N = 12;
  const cases: { id: string; kind: CaseKind; via: number }[] = [];

  const metrics = async (s: RunningService) => {
    const res = await fetch(`${s.url}/metrics`, { signal: AbortSignal.timeout(10_000) });
    if (res.status !== 200) throw new Error(`${s.name} /metrics → ${res.status}`);
    return res.text();
  };
  /** Every message on the test's topics has been read by the tap (their end offsets reached). */
  const tapCaughtUp = async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      let end = 0;
      for (const t of Object.values(TOPICS))
        for (const p of await admin.fetchTopicOffsets(prefix + t)) end += Number(p.high);
      return tap.messages.filter((m) => !m.topic.endsWith('.dlq')).length >= end && end;
    } finally {
      await admin.disconnect();
    }
  };

  beforeAll(async () => {
    await ensureTopics(kafka, prefix);
    for (const name of ALL_SERVICES) dbs[name] = await freshDatabase(`e2e2_${name.replace('-', '_')}`);
    const env = (name: Svc) =>
      serviceEnv({
        databaseUrl: dbs[name],
        brokers,
        topicPrefix: prefix,
        // the scheduler of both case-timeline instances ticks often: a doubled breach would show
        extra: { LOG_LEVEL: 'warn', SCHEDULER_INTERVAL_MS: '300', RELAY_POLL_MS: '200' },
      });
    const started = await Promise.all(
      ALL_SERVICES.map(async (name) => {
        const pair = await Promise.all([
          startService(name, { ...env(name), RELAY_THREAD: 'true' }),
          startService(name, env(name)),
        ]);
        return [name, pair] as const;
      }),
    );
    for (const [name, pair] of started) inst[name] = pair;
    tap = await new TopicTap(
      kafka,
      topicDefinitions(prefix).map((t) => t.topic),
    ).start();
    verifier = new Verifier(dbs);
  }, 600_000);

  afterAll(async () => {
    await tap?.stop();
    await verifier?.close();
    await Promise.all(all().map((s) => s.kill('SIGTERM')));
  });

  it('one relay per service leads; the other stands by', async () => {
    const leaders = await eventually(
      async () => {
        const per = await Promise.all(
          ALL_SERVICES.map(async (name) => {
            const flags = await Promise.all(
              inst[name].map(async (s) => samples(await metrics(s), 'linkage_outbox_relay_leader')[0]?.value ?? -1),
            );
            return [name, flags] as const;
          }),
        );
        return per.every(([, f]) => f.reduce((a, b) => a + b, 0) === 1 && f.every((v) => v === 0 || v === 1)) && per;
      },
      'exactly one relay leader per service (linkage_outbox_relay_leader)',
      60_000,
      500,
    );
    for (const [, flags] of leaders) expect([...flags].sort()).toEqual([0, 1]);
    // The first instance of each service runs its relay on a thread of its own (RELAY_THREAD), the second in its
    // event loop: one leadership lock whichever way; the thread's session is named after it. The thread starts its
    // relay once its producer has connected, which on a busy machine can be after the other instance took the lead:
    // its session is waited for (bounded), as the leader was.
    for (const name of ALL_SERVICES) {
      const sessions = async () =>
        (
          await queryOnce<{ n: number }>(
            dbs[name],
            `select count(*)::int as n from pg_stat_activity
             where datname = current_database() and application_name = $1`,
            [`${name}-relay-session`],
          )
        )[0]?.n;
      await eventually(async () => (await sessions()) === 1, `${name}: one relay thread session`, 60_000, 500);
      expect(await sessions(), `${name}: relay thread sessions`).toBe(1);
    }
  });

  it('each consumer group splits its partitions between the two instances', async () => {
    const parts = new Map(topicDefinitions(prefix).map((t) => [t.topic, t.numPartitions]));
    const split = await eventually(
      async () => {
        const report: string[] = [];
        for (const name of ALL_SERVICES) {
          const mine = await Promise.all(
            inst[name].map(async (s) => samples(await metrics(s), 'linkage_consumer_assigned_partitions')),
          );
          const groups = new Set(mine.flat().map((x) => x.labels.group!));
          if (groups.size === 0) return false; // not joined yet (every service consumes something)
          for (const group of groups) {
            const of = mine.map((m) => m.filter((x) => x.labels.group === group));
            // every instance holds at least one partition of the group...
            const held = of.map((m) => m.reduce((a, x) => a + x.value, 0));
            if (held.some((h) => h < 1)) return false;
            // ...and together they hold every partition of every topic the group reads, once
            const topics = new Set(of.flat().map((x) => x.labels.topic!));
            for (const t of topics) {
              const sum = of.flat().reduce((a, x) => a + (x.labels.topic === t ? x.value : 0), 0);
              if (sum !== parts.get(t)) return false;
            }
            report.push(`${group}: ${held.join('+')}`);
          }
        }
        return report;
      },
      'every consumer group split over both instances (linkage_consumer_assigned_partitions)',
      120_000,
      1000,
    );
    expect(split.length).toBeGreaterThanOrEqual(ALL_SERVICES.length);
  });

  it('cases through both intake instances: every effect once, every event published once', async () => {
    const operator = bearer('hotline_operator', 'wf:district');
    await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        const kind: CaseKind = i % 3 === 2 ? 'elder' : 'dv';
        const via = i % 2;
        const res = await fetch(`${inst.intake[via]!.url}/cases`, {
          method: 'POST',
          headers: { ...operator, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
          body: JSON.stringify(caseBody(kind, i)),
        });
        expect(res.status, await res.clone().text()).toBe(201);
        cases.push({ id: ((await res.json()) as { id: string }).id, kind, via });
      }),
    );
    expect(new Set(cases.map((c) => c.via))).toEqual(new Set([0, 1]));
    const ids = cases.map((c) => c.id);

    // Every effect in every service, exactly once (rows counted per case, in each service's database).
    await eventually(
      async () => (await verifier.verify(ids)).complete === N,
      `all effects of ${N} cases in all five services`,
      150_000,
      1000,
    );
    const verdict = await verifier.verify(ids);
    const problems = [...verdict.cases.values()].filter(
      (c) => c.lost.length || c.doubled.length || c.outOfOrder.length || c.deadLettered,
    );
    expect(problems).toEqual([]);
    expect(verdict.foundEffects).toBe(verdict.expectedEffects);

    // Every event on the topics once: read to the end of every topic, then count messages per event id.
    await eventually(tapCaughtUp, 'the tap to read every topic to its end', 60_000, 500);
    const perId = new Map<string, number>();
    for (const m of tap.messages) if (m.event) perId.set(m.event.id, (perId.get(m.event.id) ?? 0) + 1);
    expect([...perId].filter(([, n]) => n > 1)).toEqual([]);
    // ...and they are exactly the rows of the services' outboxes.
    let outboxRows = 0;
    for (const name of ALL_SERVICES)
      outboxRows += (await queryOnce<{ n: number }>(dbs[name], 'select count(*)::int as n from outbox'))[0]!.n;
    expect(perId.size).toBe(outboxRows);
    expect(tap.messages.filter((m) => m.topic.endsWith('.dlq'))).toEqual([]);

    // The standby relays published nothing; the leaders published it all.
    for (const name of ALL_SERVICES) {
      const read = await Promise.all(
        inst[name].map(async (s) => {
          const text = await metrics(s);
          return {
            leader: samples(text, 'linkage_outbox_relay_leader')[0]!.value,
            published: samples(text, 'linkage_outbox_relay_published_total')[0]?.value ?? 0,
          };
        }),
      );
      for (const r of read) if (r.leader === 0) expect(r.published, `${name}'s standby relay published`).toBe(0);
    }
  });

  it('a due clock is breached once, with both schedulers running', async () => {
    const ids = cases.map((c) => c.id);
    expect(ids.length).toBe(N);
    // Time passes for these cases' open clocks: their deadlines are moved into the past.
    const due = await queryOnce<{ id: string }>(
      dbs['case-timeline'],
      `update clocks set deadline = now() - interval '1 second', warn_at = now() - interval '2 seconds'
       where case_id = any($1::uuid[]) and status = 'pending' and completed_at is null and deadline is not null
       returning id::text`,
      [ids],
    );
    expect(due.length).toBeGreaterThan(0);
    const dueIds = new Set(due.map((r) => r.id));
    const breachesOf = () =>
      tap.events.filter(
        (e) => e.type === 'oversight.sla.breached.v1' && dueIds.has((e.data as { clockId: string }).clockId),
      );
    await tap.waitFor(
      () => new Set(breachesOf().map((e) => (e.data as { clockId: string }).clockId)).size === dueIds.size,
      `a breach for each of the ${dueIds.size} due clocks`,
      60_000,
    );
    // Both schedulers keep ticking; read every topic to its end, then count.
    await eventually(tapCaughtUp, 'the tap to read every topic to its end', 60_000, 500);
    const perClock = new Map<string, number>();
    for (const e of breachesOf()) {
      const c = (e.data as { clockId: string }).clockId;
      perClock.set(c, (perClock.get(c) ?? 0) + 1);
    }
    expect([...perClock.values()].every((n) => n === 1)).toBe(true);
    expect(perClock.size).toBe(dueIds.size);
    const rows = await queryOnce<{ n: number }>(
      dbs['case-timeline'],
      "select count(*)::int as n from outbox where type = 'oversight.sla.breached.v1' and payload->'data'->>'clockId' = any($1::text[])",
      [[...dueIds]],
    );
    expect(rows[0]!.n).toBe(dueIds.size);
    const left = await queryOnce<{ n: number }>(
      dbs['case-timeline'],
      "select count(*)::int as n from clocks where id = any($1::uuid[]) and status <> 'breached'",
      [[...dueIds]],
    );
    expect(left[0]!.n).toBe(0);
  });
});
