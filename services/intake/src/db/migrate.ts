// npm run db:migrate — apply the shared and the service's migrations to DATABASE_URL.
import { runMigrations } from '@linkage/db';
import { intakeConfig } from '../config.ts';
import { MIGRATIONS } from '../app.ts';

await runMigrations(intakeConfig().DATABASE_URL, MIGRATIONS);
console.log('intake: migrations applied');
