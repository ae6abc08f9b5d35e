import { Type } from '@sinclair/typebox';
import { loadConfig } from '@linkage/service-kit';

export const SERVICE = 'case-timeline';

export const TimelineConfigSchema = Type.Object({});

export function timelineConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(TimelineConfigSchema, env, {
    PORT: 4105,
    DATABASE_URL: 'postgres://postgres@127.0.0.1:15432/linkage_case_timeline',
  });
}
export type TimelineConfig = ReturnType<typeof timelineConfig>;
