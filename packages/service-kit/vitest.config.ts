import { linkageVitestConfig } from '@linkage/testing/vitest-config';

export default linkageVitestConfig();
