import { fileURLToPath } from 'node:url';
import { runMigrations } from '@linkage/db';
import { intakeConfig } from '../config.ts';

export const MIGRATIONS = fileURLToPath(new URL('../../drizzle', import.meta.url));

if (import.meta.url === `file://${process.argv[1]}`) {
  await runMigrations(intakeConfig().DATABASE_URL, MIGRATIONS);
  console.log('intake: migrations applied');
}
