import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createKafka, ensureTopics, uuidv7 } from '@linkage/messaging';
import { freshDatabase, freshTopicPrefix, queryOnce, serviceEnv, testInfra } from '@linkage/testing';
import { buildApp } from '../src/app.ts';
import { timelineConfig } from '../src/config.ts';

describe('case-timeline /metrics: statutory clocks at risk, overdue and breached by rule (real Postgres)', () => {
  const { brokers } = testInfra();
  const logger = pino({ level: 'silent' });
  const now = new Date('2026-06-01T04:00:00Z');
  let app: Awaited<ReturnType<typeof buildApp>>;
  let dbUrl: string;

  beforeAll(async () => {
    const prefix = freshTopicPrefix();
    await ensureTopics(createKafka({ brokers, clientId: 'timeline-metrics', logger }), prefix);
    dbUrl = await freshDatabase('timeline_metrics');
    app = await buildApp(
      timelineConfig(
        serviceEnv({ databaseUrl: dbUrl, brokers, topicPrefix: prefix, extra: { SCHEDULER_ENABLED: 'false' } }),
      ),
      { logger, clock: () => now },
    );
    await app.ready();
  });
  afterAll(() => app?.close());

  it('counts what the clocks table holds, as of the service clock', async () => {
    const hour = 3600_000;
    const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
    const rows: [string, string, string | null, string | null][] = [
      // rule, status, warnAt, deadline
      ['rule_a', 'pending', at(-hour), at(hour)], // at risk
      ['rule_a', 'pending', at(-2 * hour), at(-hour)], // overdue, not yet marked
      ['rule_a', 'breached', at(-3 * hour), at(-2 * hour)],
      ['rule_b', 'breached', at(-3 * hour), at(-2 * hour)],
      ['rule_b', 'breached', at(-3 * hour), at(-2 * hour)],
      ['rule_b', 'pending', at(hour), at(2 * hour)], // not yet at risk
      ['rule_b', 'met', at(-3 * hour), at(-2 * hour)],
    ];
    for (const [rule, status, warnAt, deadline] of rows)
      await queryOnce(
        dbUrl,
        `insert into clocks (id, rule_id, subject_key, case_id, severity, started_at, deadline, warn_at, status) values ($1, $2, $3, $4, 'statutory', $5, $6, $7, $8)`,
        [uuidv7(), rule, uuidv7(), uuidv7(), at(-10 * hour), deadline, warnAt, status],
      );
    const res = await app.inject('/metrics');
    expect(res.statusCode, res.body).toBe(200);
    const lines = res.body.split('\n').filter((l) => l.startsWith('linkage_statutory_clocks{'));
    expect(lines.sort()).toEqual(
      [
        'linkage_statutory_clocks{rule="rule_a",state="at_risk",service="case-timeline"} 1',
        'linkage_statutory_clocks{rule="rule_a",state="overdue",service="case-timeline"} 1',
        'linkage_statutory_clocks{rule="rule_a",state="breached",service="case-timeline"} 1',
        'linkage_statutory_clocks{rule="rule_b",state="breached",service="case-timeline"} 2',
      ].sort(),
    );
  });
});
