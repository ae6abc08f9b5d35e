import { Type } from '@sinclair/typebox';
import { loadConfig } from '@linkage/service-kit';

export const SERVICE = 'case-timeline';

export const TimelineConfigSchema = Type.Object({
  /** How often the clock scheduler looks for clocks at risk or past their deadline. */
  SCHEDULER_INTERVAL_MS: Type.Integer({ minimum: 100, default: 5000 }),
  SCHEDULER_ENABLED: Type.Boolean({ default: true }),
});

export function timelineConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(TimelineConfigSchema, env, {
    PORT: 4105,
    DATABASE_URL: 'postgres://postgres@127.0.0.1:15432/linkage_case_timeline',
  });
}
export type TimelineConfig = ReturnType<typeof timelineConfig>;
