// Plan indicators: counts folded by street (pure; the counts come from db/queries.ts).

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
