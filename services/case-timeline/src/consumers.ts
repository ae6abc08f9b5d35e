import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { TOPICS } from '@linkage/contracts';
import type { Consumed } from '@linkage/messaging';
import type { Executor } from '@linkage/db';
import { projectBatch } from './application/project.ts';

/** The timeline reads every department's topic, and its own oversight events (so a rebuild restores them too). */
export const PROJECTED_TOPICS = [TOPICS.intake, TOPICS.dv, TOPICS.legalAid, TOPICS.elderCare, TOPICS.oversight];

export const CONSUMER_GROUP = 'case-timeline';

/**
 * A rebuild's batch: projected as live, but its commit does not wait for the WAL flush. A crash loses at most the
 * last batches, whole (their inbox rows with them), and a rebuild interrupted by anything is run again from the
 * start anyway (it empties the projections first; the service is stopped meanwhile).
 */
async function replayBatch(items: readonly Consumed[], tx: Executor): Promise<void> {
  await tx.execute(sql`set local synchronous_commit = off`);
  await projectBatch(items, tx);
}

/** Most events of one partition a rebuild applies in one transaction (live: the consumer's default, 250). */
export const REPLAY_MAX_BATCH = 2000;

/** `replayGroup`: consume under another Kafka group (a rebuild), deduping under the service's inbox name. */
export function registerConsumers(app: FastifyInstance, replayGroup?: string): void {
  app.messaging.consume({
    groupId: replayGroup ?? CONSUMER_GROUP,
    inboxName: CONSUMER_GROUP,
    topics: PROJECTED_TOPICS,
    handlers: {},
    onBatch: replayGroup ? replayBatch : projectBatch,
    ...(replayGroup ? { maxBatch: REPLAY_MAX_BATCH } : {}),
  });
}
