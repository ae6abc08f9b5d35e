// @linkage/contracts — the shared language of the platform: event envelope, event schemas,
// topic names, roles and reference lists.
// LEAF PACKAGE: it may import nothing but @sinclair/typebox. Never import another
// @linkage/* package, a database, Kafka or Fastify from here.
import './formats.ts';

export * from './common.ts';
export * from './topics.ts';
export * from './envelope.ts';
export * from './registry.ts';
export * from './assignment.ts';
export * from './asyncapi.ts';
export * from './events/intake.ts';
export * from './events/dv.ts';
export * from './events/legal-aid.ts';
export * from './events/elder-care.ts';
export * from './events/oversight.ts';
