import { Gauge } from 'prom-client';
import type { FastifyInstance } from 'fastify';
import { METRIC_NAMES } from '@linkage/service-kit';

/**
 * Statutory clocks by rule and state, read from the clocks table when scraped: `at_risk` (pending,
 * past its warning time, deadline not yet passed), `overdue` (pending, deadline passed, the
 * scheduler has not marked it yet) and `breached` (marked breached).
 */
export function registerClockMetrics(app: FastifyInstance): void {
  new Gauge({
    name: METRIC_NAMES.clocks,
    help: 'Statutory clocks at risk, overdue or breached, by rule.',
    labelNames: ['rule', 'state'] as const,
    registers: [app.metrics],
    async collect() {
      const now = app.clock().toISOString();
      const rows = await app.store.sql<{ rule: string; state: string; n: number }[]>`
        select rule_id as rule, state, count(*)::int as n from (
          select rule_id,
            case when status = 'breached' then 'breached'
                 when deadline <= ${now}::timestamptz then 'overdue'
                 else 'at_risk' end as state
          from clocks
          where status = 'breached' or (status = 'pending' and (deadline <= ${now}::timestamptz or warn_at <= ${now}::timestamptz))
        ) c group by rule_id, state`;
      this.reset();
      for (const r of rows) this.set({ rule: r.rule, state: r.state }, r.n);
    },
  });
}
