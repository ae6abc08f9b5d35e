export * from './tables.ts';
export * from './client.ts';
export * from './bulk.ts';
export * from './copy.ts';
