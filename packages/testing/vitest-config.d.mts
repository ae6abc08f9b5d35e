import type { UserConfig } from 'vitest/config';
export function linkageVitestConfig(): UserConfig;
