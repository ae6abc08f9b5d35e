// A relative import: the shared vitest configuration of every package.
import { linkageVitestConfig } from '../../packages/testing/vitest-config.mjs';

export default linkageVitestConfig();
