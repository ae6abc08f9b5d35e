export * from './tables.ts';
export * from './client.ts';
