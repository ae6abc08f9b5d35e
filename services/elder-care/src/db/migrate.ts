// npm run db:migrate — apply the shared and the service's migrations to DATABASE_URL.
import { runMigrations } from '@linkage/db';
import { elderCareConfig } from '../config.ts';
import { MIGRATIONS } from '../app.ts';

await runMigrations(elderCareConfig().DATABASE_URL, MIGRATIONS);
console.log('elder-care: migrations applied');
