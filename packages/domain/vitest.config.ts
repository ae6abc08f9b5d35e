// A relative import: this package must not depend on @linkage/testing (which depends on it).
import { linkageVitestConfig } from '../testing/vitest-config.mjs';

export default linkageVitestConfig();
