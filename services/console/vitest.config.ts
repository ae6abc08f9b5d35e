import { mergeConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { linkageVitestConfig } from '@linkage/testing/vitest-config';

// Component tests (*.unit.test.tsx) run in jsdom (`// @vitest-environment jsdom` per file).
export default mergeConfig(linkageVitestConfig(), { plugins: [react()] });
