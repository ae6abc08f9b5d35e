import type { FastifyInstance } from 'fastify';
import { ValidationError } from '@linkage/service-kit';
import { bedOccupancy, indicatorCounts } from '../../db/queries.ts';

export const METRICS = [
  'respite_days_delivered',
  'home_visits_delivered',
  'home_visits_missed',
  'placements_made',
  'family_beds_set_up',
  'caregiver_trainings',
  'safeguarding_referred',
] as const;
type Metric = (typeof METRICS)[number];
type Counts = Record<Metric, number>;
const zero = (): Counts => Object.fromEntries(METRICS.map((m) => [m, 0])) as Counts;

/** Fold (street, metric, n) rows into per-street counts and a district total. Pure. */
export function foldIndicators(rows: { street: string | null; metric: string; n: number }[]) {
  const byStreet = new Map<string, Counts>();
  const total = zero();
  for (const r of rows) {
    if (!(METRICS as readonly string[]).includes(r.metric)) continue;
    const key = r.street ?? 'unknown';
    const c = byStreet.get(key) ?? zero();
    c[r.metric as Metric] += r.n;
    total[r.metric as Metric] += r.n;
    byStreet.set(key, c);
  }
  return {
    total,
    byStreet: [...byStreet.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([street, counts]) => ({ street, ...counts })),
  };
}

/** Plan indicators for a period [from, to), by street: counts only, no personal data. */
export async function indicators(app: FastifyInstance, q: { from: string; to: string; street?: string | undefined }) {
  const from = new Date(q.from);
  const to = new Date(q.to);
  if (!(from < to)) throw new ValidationError('period_invalid', 'The period must end after it starts.');
  const rows = await indicatorCounts(app.store.db, { from, to, street: q.street });
  const beds = await bedOccupancy(app.store.db, q.street);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    street: q.street ?? null,
    ...foldIndicators(rows),
    institutionBeds: {
      capacity: beds.reduce((a, b) => a + b.capacity, 0),
      inUse: beds.reduce((a, b) => a + b.in_use, 0),
      byStreet: beds.map((b) => ({ street: b.street ?? 'unknown', capacity: b.capacity, inUse: b.in_use })),
    },
  };
}
