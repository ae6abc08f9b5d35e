import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { createKafka, groupIsIdle, groupLag, resetGroupToEarliest } from '@linkage/messaging';
import { buildApp } from './app.ts';
import type { TimelineConfig } from './config.ts';
import { CONSUMER_GROUP, PROJECTED_TOPICS } from './consumers.ts';

export interface RebuildResult {
  events: number;
  seconds: number;
}

/**
 * Rebuild the projections from scratch by replaying every topic from offset zero: empty the
 * projection tables and the consumer's inbox, point the consumer group at the start of each topic,
 * then run the consumer until it has caught up. The service must be stopped (the group idle).
 */
export async function rebuild(config: TimelineConfig, logger: Logger, timeoutMs = 30 * 60_000): Promise<RebuildResult> {
  const prefix = config.TOPIC_PREFIX;
  const group = prefix + CONSUMER_GROUP;
  const topics = PROJECTED_TOPICS.map((t) => prefix + t);
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS.split(','), clientId: 'case-timeline-rebuild', logger });
  if (!(await groupIsIdle(kafka, group))) throw new Error(`consumer group ${group} has live members: stop case-timeline before rebuilding`);

  // The app (with its consumer disabled) runs migrations and gives us the pool.
  const quiet = await buildApp({ ...config, CONSUMERS_ENABLED: false, RELAY_ENABLED: false, SCHEDULER_ENABLED: false }, { logger });
  await quiet.ready();
  await quiet.store.db.transaction(async (tx) => {
    await tx.execute(sql`truncate timeline_entries, clocks, case_summaries`);
    await tx.execute(sql`delete from inbox where consumer = ${CONSUMER_GROUP}`);
  });
  await quiet.close();
  await resetGroupToEarliest(kafka, group, topics);

  const started = Date.now();
  const app = await buildApp({ ...config, CONSUMERS_ENABLED: true, RELAY_ENABLED: false, SCHEDULER_ENABLED: false }, { logger });
  await app.ready();
  try {
    const deadline = started + timeoutMs;
    while ((await groupLag(kafka, group, topics)) > 0) {
      if (Date.now() > deadline) throw new Error('rebuild did not catch up in time');
      await new Promise((r) => setTimeout(r, 250));
    }
    const [row] = await app.store.db.execute<{ n: number }>(sql`select count(*)::int as n from inbox where consumer = ${CONSUMER_GROUP}`);
    return { events: row?.n ?? 0, seconds: (Date.now() - started) / 1000 };
  } finally {
    await app.close();
  }
}
