export * from './infra.ts';
export * from './helpers.ts';
export * from './tokens.ts';
export * from './processes.ts';
export * from './events.ts';
export * from './private-infra.ts';
export * from './readiness.ts';
