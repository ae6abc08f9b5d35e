import { Type } from '@sinclair/typebox';
import { loadConfig } from '@linkage/service-kit';

export const SERVICE = 'case-timeline';

export const TimelineConfigSchema = Type.Object({
  /** How often the clock scheduler looks for clocks at risk or past their deadline. */
  SCHEDULER_INTERVAL_MS: Type.Integer({ minimum: 100, default: 5000 }),
  SCHEDULER_ENABLED: Type.Boolean({ default: true }),
  /**
   * Notifications: how often a server-sent events stream looks for new ones, its heartbeat, and the delivery adapter's
   * pace.
   */
  NOTIFY_STREAM_POLL_MS: Type.Integer({ minimum: 100, maximum: 5000, default: 1000 }),
  NOTIFY_HEARTBEAT_MS: Type.Integer({ minimum: 1000, default: 15000 }),
  NOTIFY_DELIVERY_INTERVAL_MS: Type.Integer({ minimum: 100, default: 2000 }),
});

export function timelineConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(TimelineConfigSchema, env, {
    PORT: 4105,
    DATABASE_URL: 'postgres://postgres@127.0.0.1:15432/linkage_case_timeline',
  });
}
export type TimelineConfig = ReturnType<typeof timelineConfig>;
