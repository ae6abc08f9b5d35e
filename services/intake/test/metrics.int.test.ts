import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPICS } from '@linkage/contracts';
import { createProducer, newEvent, uuidv7 } from '@linkage/messaging';
import { METRIC_NAMES } from '@linkage/service-kit';
import { bearer, eventually, queryOnce } from '@linkage/testing';
import { startIntake, type IntakeHarness } from './harness.ts';

const operator = bearer('hotline_operator', 'wf:district');

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (no comments). */
function parse(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!m) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

const find = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

describe('intake GET /metrics (real Postgres, real Kafka)', () => {
  let h: IntakeHarness;
  beforeAll(async () => {
    h = await startIntake('intake_metrics');
  });
  afterAll(() => h?.stop());

  const scrape = async () => {
    const res = await h.app.inject('/metrics');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return parse(res.body);
  };

  it('shows HTTP by route template, the outbox and relay, the consumer group, the pool and the event loop after traffic', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await h.app.inject({
        method: 'POST',
        url: '/cases',
        headers: operator,
        payload: {
          channel: 'hotline_12338',
          category: 'domestic_violence',
          victim: { name: '测试', sex: 'female', age: 30, street: 'xinqi' },
          needs: [],
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json().id);
      expect(
        (await h.app.inject({ method: 'GET', url: `/cases/${res.json().id}`, headers: operator })).statusCode,
      ).toBe(200);
    }
    expect((await h.app.inject({ method: 'GET', url: `/cases/${uuidv7()}`, headers: operator })).statusCode).toBe(404);

    // An event intake consumes, sent twice with the same id: applied once, skipped once.
    const caseId = ids[0]!;
    const e = newEvent('dv.protection_order.applied.v1', {
      source: '/services/test',
      subject: caseId,
      actor: { role: 'system', dept: 'svc:test' },
      data: {
        orderId: uuidv7(),
        caseId,
        courtDept: 'court:beilun',
        applicant: 'victim',
        measures: ['ban_violence'],
        urgent: true,
        appliedAt: new Date().toISOString(),
      },
    } as never);
    const producer = createProducer(h.kafka);
    await producer.connect();
    try {
      for (let i = 0; i < 2; i++)
        await producer.send({ topic: h.prefix + TOPICS.dv, messages: [{ key: caseId, value: JSON.stringify(e) }] });
    } finally {
      await producer.disconnect();
    }

    // Every case's events published, and both copies of the event handled.
    const samples = await eventually(
      async () => {
        const s = await scrape();
        const published = find(s, METRIC_NAMES.relayPublished)[0]?.value ?? 0;
        const applied = find(s, METRIC_NAMES.consumerApplied, { group: 'intake-status' })[0]?.value ?? 0;
        const dupes = find(s, METRIC_NAMES.consumerDuplicates, { group: 'intake-status' })[0]?.value ?? 0;
        return published >= 3 && applied === 1 && dupes === 1 && s;
      },
      'the relay to publish the cases and the consumer to apply one event and skip its duplicate',
      60_000,
      250,
    );

    // HTTP: the route template, never an id.
    const created = find(samples, METRIC_NAMES.httpRequests, { method: 'POST', route: '/cases', status_code: '201' });
    expect(created[0]?.value).toBe(3);
    expect(
      find(samples, METRIC_NAMES.httpRequests, { method: 'GET', route: '/cases/:caseId', status_code: '200' })[0]
        ?.value,
    ).toBe(3);
    expect(
      find(samples, METRIC_NAMES.httpRequests, { method: 'GET', route: '/cases/:caseId', status_code: '404' })[0]
        ?.value,
    ).toBe(1);
    expect(
      find(samples, `${METRIC_NAMES.httpDuration}_count`, { method: 'POST', route: '/cases', status_code: '201' })[0]
        ?.value,
    ).toBe(3);
    const text = samples.map((s) => JSON.stringify(s.labels)).join('\n');
    for (const id of ids) expect(text).not.toContain(id);

    // Outbox: nothing left behind, and the age says so.
    const [row] = await queryOnce<{ n: number }>(
      h.dbUrl,
      'select count(*)::int as n from outbox where published_at is null',
    );
    expect(find(samples, METRIC_NAMES.outboxUnpublished)[0]?.value).toBe(row!.n);
    expect(find(samples, METRIC_NAMES.outboxOldestAge)).toHaveLength(1);
    expect(find(samples, METRIC_NAMES.relayLeader)[0]?.value).toBe(1);
    // Failures and retries are counted (a busy shared broker may refuse a batch now and then).
    expect(find(samples, METRIC_NAMES.relayFailures)[0]?.value).toBeGreaterThanOrEqual(0);

    // Consumer group: lag per partition of every topic it reads, retries and dead letters.
    const lag = await eventually(
      async () => {
        const l = find(await scrape(), METRIC_NAMES.consumerLag, {
          group: 'intake-status',
          topic: h.prefix + TOPICS.dv,
        });
        return l.length > 0 && l.every((x) => x.value === 0) && l;
      },
      'the dv topic lag of intake-status to read 0 once its offsets are committed',
      30_000,
      500,
    );
    expect(new Set(lag.map((l) => l.labels.partition)).size).toBe(lag.length);
    expect(find(samples, METRIC_NAMES.consumerRetries, { group: 'intake-status' })[0]?.value).toBeGreaterThanOrEqual(0);
    expect(find(samples, METRIC_NAMES.consumerDeadLettered, { group: 'intake-status' })[0]?.value).toBe(0);
    expect(find(samples, METRIC_NAMES.consumerJoined, { group: 'intake-status' })[0]?.value).toBe(1);

    // Postgres pool and the event loop (prom-client's default metrics).
    expect(find(samples, METRIC_NAMES.dbPoolMax)[0]?.value).toBe(10);
    expect(find(samples, METRIC_NAMES.dbConnections).reduce((n, s) => n + s.value, 0)).toBeGreaterThan(0);
    expect(find(samples, 'linkage_nodejs_eventloop_lag_p99_seconds')).toHaveLength(1);
    expect(samples.every((s) => s.labels.service === 'intake')).toBe(true);
  });
});
