// Plain JavaScript: vitest loads config files' package imports with Node itself, which cannot run .ts.
import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import { basename, resolve } from 'node:path';

const globalSetup = fileURLToPath(new URL('./src/global-setup.ts', import.meta.url));
const resultsDir = fileURLToPath(new URL('../../.local/test-results', import.meta.url));

/**
 * The one vitest configuration every package uses. Unit tests (`npm run test:unit`) get no
 * infrastructure; int and e2e tiers get real Kafka and Postgres through the global setup.
 */
export function linkageVitestConfig() {
  const tier = process.env.npm_lifecycle_event ?? '';
  const needsInfra = tier !== 'test:unit';
  const report = resolve(resultsDir, `${basename(process.cwd())}-${tier.replace(':', '-') || 'manual'}.json`);
  return defineConfig({
    test: {
      // The JSON reports feed the one summary line `npm test` prints at the end.
      reporters: ['default', 'json'],
      outputFile: { json: report },
      globalSetup: needsInfra ? [globalSetup] : [],
      // Unit tests are fast, but turbo runs many packages' lint, typecheck and unit tests at once on
      // a 2-core machine: a generous bound keeps a busy machine from failing a correct test.
      testTimeout: needsInfra ? 240_000 : 60_000,
      hookTimeout: 300_000,
      // Integration files each start Kafka clients and services; one file at a time keeps a
      // 2-core machine responsive and timings honest.
      fileParallelism: !needsInfra,
      pool: 'forks',
    },
  });
}
