import { defineConfig } from 'drizzle-kit';

// The shared tables (outbox, inbox, audit_log) every service database has.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/tables.ts',
  out: './drizzle',
});
