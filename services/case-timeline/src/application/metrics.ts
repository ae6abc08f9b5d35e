import { Gauge } from 'prom-client';
import type { FastifyInstance } from 'fastify';
import { METRIC_NAMES } from '@linkage/service-kit';
import { clockGauge } from '../db/queries/clocks.ts';

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
      const rows = await clockGauge(app.store.db, app.clock());
      this.reset();
      for (const r of rows) this.set({ rule: r.rule, state: r.state }, r.n);
    },
  });
}
