// A test run of its own, started by run-cleanup.int.test.ts: the shared configuration (global setup included), only
// the file beside this one, and no JSON report (npm test's summary counts the outer run's tests, not this one's).
import { linkageVitestConfig } from '@linkage/testing/vitest-config';

const config = linkageVitestConfig();
config.test.include = ['test/run-data/makes-data.run.ts'];
config.test.reporters = ['default'];
delete config.test.outputFile;
export default config;
