// npm run db:migrate — apply the shared and the service's migrations to DATABASE_URL.
import { runMigrations } from '@linkage/db';
import { timelineConfig } from '../config.ts';
import { MIGRATIONS } from '../app.ts';

await runMigrations(timelineConfig().DATABASE_URL, MIGRATIONS);
console.log('case-timeline: migrations applied');
