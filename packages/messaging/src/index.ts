// @linkage/messaging — the only package that imports kafkajs. Services use these:
// newEvent (build + validate), enqueue (outbox write in the caller's transaction),
// OutboxRelay (publisher), IdempotentConsumer (inbox + DLQ), ensureTopics, TopicTap (tests/tools).
export * from './ids.ts';
export * from './events.ts';
export * from './kafka.ts';
export * from './admin.ts';
export * from './outbox.ts';
export * from './consumer.ts';
export * from './tap.ts';
export * from './errors.ts';
export * from './tracing.ts';
