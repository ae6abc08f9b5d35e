// @linkage/auth/policy — who may do what, without the Fastify plugin: the principal, policies and the
// shared access rule. Pure domain code imports this; the barrel (@linkage/auth) also loads @fastify/jwt.
export * from './principal.ts';
export * from './policy.ts';
export * from './access.ts';
