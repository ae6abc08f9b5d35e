// npm run db:migrate — apply the shared and the service's migrations to DATABASE_URL.
import { runMigrations } from '@linkage/db';
import { legalAidConfig } from '../config.ts';
import { MIGRATIONS } from '../app.ts';

await runMigrations(legalAidConfig().DATABASE_URL, MIGRATIONS);
console.log('legal-aid: migrations applied');
