// @linkage/domain — the primitives pure domain code may use. A leaf: @linkage/contracts only, no
// framework, no I/O. `services/*/src/domain/**` imports this (and contracts), never Fastify,
// drizzle, @linkage/db or @linkage/messaging (eslint.config.mjs enforces it).
export * from './errors.ts';
export * from './time.ts';
export * from './calendar.ts';
export * from './ids.ts';
export * from './events.ts';
