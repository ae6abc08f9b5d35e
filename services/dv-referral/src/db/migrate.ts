// npm run db:migrate — apply the shared and the service's migrations to DATABASE_URL.
import { runMigrations } from '@linkage/db';
import { dvConfig } from '../config.ts';
import { MIGRATIONS } from '../app.ts';

await runMigrations(dvConfig().DATABASE_URL, MIGRATIONS);
console.log('dv-referral: migrations applied');
