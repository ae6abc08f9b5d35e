import type { FastifyInstance } from 'fastify';
import { ValidationError } from '@linkage/service-kit';
import { bedOccupancy, indicatorCounts } from '../db/queries.ts';
import { foldIndicators } from '../domain/indicators/fold.ts';

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
