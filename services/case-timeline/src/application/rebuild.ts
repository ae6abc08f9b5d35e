import type { Logger } from 'pino';
import { createKafka, groupIsIdle, groupLag, uuidv7 } from '@linkage/messaging';
import { buildApp } from '../app.ts';
import type { TimelineConfig } from '../config.ts';
import { CONSUMER_GROUP, PROJECTED_TOPICS } from '../consumers.ts';
import { emptyProjections, inboxCount } from '../db/queries/timeline.ts';

export interface RebuildResult {
  events: number;
  seconds: number;
  /** From the replay group's join to caught up (without start-up and the join). */
  replaySeconds: number;
}

/**
 * Rebuild the projections from scratch by replaying every topic from offset zero: empty the
 * projection tables and the consumer's inbox, then consume every topic from the beginning under a
 * throw-away consumer group (deduping under the service's inbox name) until caught up. The live
 * group keeps its offsets: when the service starts again it resumes where it stopped, and whatever
 * the replay already applied is skipped by the inbox. The service must be stopped (group idle).
 */
export async function rebuild(config: TimelineConfig, logger: Logger, timeoutMs = 30 * 60_000): Promise<RebuildResult> {
  const prefix = config.TOPIC_PREFIX;
  const group = prefix + CONSUMER_GROUP;
  const topics = PROJECTED_TOPICS.map((t) => prefix + t);
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS.split(','), clientId: 'case-timeline-rebuild', logger });
  const t0 = Date.now();
  const phase = (what: string) => logger.info({ ms: Date.now() - t0 }, `rebuild: ${what}`);
  if (!(await groupIsIdle(kafka, group)))
    throw new Error(`consumer group ${group} has live members: stop case-timeline before rebuilding`);
  phase('group idle');

  // The app (with its consumer disabled) runs migrations and gives us the pool.
  const quiet = await buildApp(
    { ...config, CONSUMERS_ENABLED: false, RELAY_ENABLED: false, SCHEDULER_ENABLED: false },
    { logger },
  );
  await quiet.ready();
  await quiet.store.db.transaction((tx) => emptyProjections(tx, CONSUMER_GROUP));
  await quiet.close();
  phase('projections emptied');

  const started = Date.now();
  const replayGroup = `${CONSUMER_GROUP}.rebuild.${uuidv7()}`;
  const app = await buildApp(
    { ...config, CONSUMERS_ENABLED: true, RELAY_ENABLED: false, SCHEDULER_ENABLED: false },
    { logger, replayGroup },
  );
  await app.ready();
  await Promise.all(app.messaging.consumers.map((c) => c.whenJoined()));
  const joined = Date.now();
  try {
    const deadline = started + timeoutMs;
    while ((await groupLag(kafka, prefix + replayGroup, topics)) > 0) {
      if (Date.now() > deadline) throw new Error('rebuild did not catch up in time');
      await new Promise((r) => setTimeout(r, 250));
    }
    phase('caught up');
    const events = await inboxCount(app.store.db, CONSUMER_GROUP);
    return { events, seconds: (Date.now() - started) / 1000, replaySeconds: (Date.now() - joined) / 1000 };
  } finally {
    await app.close();
  }
}
