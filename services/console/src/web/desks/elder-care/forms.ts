// The elder-care desk's form values as elder-care's request bodies (pure: unit-tested against the service's schemas).
import type { Dayjs } from 'dayjs';

/**
 * GB/T 42195-2022 老年人能力评估表: the items of each domain and each item's maximum (higher = more capable),
 * as elder-care validates them (services/elder-care/src/domain/assessment/levels.ts); a score the service
 * refuses comes back as Problem Details and is shown next to its item.
 */
export const ASSESSMENT_DOMAINS: Record<string, Record<string, number>> = {
  self_care: {
    eating: 4,
    grooming: 4,
    bathing: 4,
    dressing_upper: 4,
    dressing_lower: 4,
    bladder_control: 4,
    bowel_control: 4,
    toileting: 4,
  },
  mobility: { bed_mobility: 4, transfer: 4, walking: 4, stairs: 3 },
  mental: {
    time_orientation: 4,
    space_orientation: 4,
    person_orientation: 4,
    memory: 4,
    understanding: 4,
    expression: 4,
    aggression: 1,
    depression: 1,
    consciousness: 2,
  },
  perception_social: { vision: 2, hearing: 2, daily_affairs: 4, going_out_by_transport: 3, social_interaction: 4 },
};
export type AssessValues = {
  items: Record<string, number>;
  coma?: boolean;
  diagnosis?: string;
  careRiskEventsLast30Days?: number;
};
/** The assessment form's values as elder-care's AssessBody (optional adjustments only when given). */
export function assessmentBody(v: AssessValues) {
  return {
    items: Object.fromEntries(
      Object.values(ASSESSMENT_DOMAINS).flatMap((d) => Object.keys(d).map((id) => [id, v.items[id]])),
    ),
    ...(v.coma ? { coma: true } : {}),
    ...(v.diagnosis ? { diagnosis: v.diagnosis } : {}),
    ...(v.careRiskEventsLast30Days ? { careRiskEventsLast30Days: v.careRiskEventsLast30Days } : {}),
  };
}

/** A stay's first and last day: the calendar dates picked, as elder-care books them (local dates). */
export const stayDates = (range: [Dayjs, Dayjs]) => ({
  startDate: range[0].format('YYYY-MM-DD'),
  endDate: range[1].format('YYYY-MM-DD'),
});
