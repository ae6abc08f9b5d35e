// All of intake's SQL, by aggregate (db/queries/<aggregate>.ts); application code imports this barrel.
export * from './queries/cases.ts';
export * from './queries/duplicates.ts';
export * from './queries/reports.ts';
export * from './queries/projections.ts';
export * from './queries/checklists.ts';
