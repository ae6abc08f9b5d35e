export * from './tables.ts';
export * from './client.ts';
export * from './bulk.ts';
