// @linkage/messaging — the only package that imports kafkajs. Services use these:
// newEvent (build + validate), enqueue (outbox write in the caller's transaction),
// OutboxRelay (publisher), IdempotentConsumer (inbox + DLQ), ensureTopics, TopicTap (tests/tools).
export {
  uuidv7,
  uuidv7From,
  newEvent,
  buildEvents,
  type NewEventArgs,
  type Emit,
  type EventContext,
} from '@linkage/domain';
export * from './emit.ts';
export * from './kafka.ts';
export * from './admin.ts';
export * from './outbox.ts';
export * from './outbox-sql.ts';
export * from './consumer.ts';
export * from './tap.ts';
export * from './replay.ts';
export * from './errors.ts';
export type { Log } from './log.ts';
export * from './tracing.ts';
