export * from './principal.ts';
export * from './plugin.ts';
export * from './policy.ts';
export * from './access.ts';
export * from './dev-keys.ts';
export * from './token-cache.ts';
