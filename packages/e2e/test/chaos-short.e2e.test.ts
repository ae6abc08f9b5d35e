import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testInfra } from '@linkage/testing';
import { Load } from '../../../infra/chaos/load.ts';
import { pollUntil, Stack } from '../../../infra/chaos/stack.ts';
import { Verifier } from '../../../infra/chaos/verify.ts';

/**
 * The short fault of `npm run chaos` (infra/chaos), in the end-to-end tier: while high-risk cases
 * arrive at intake, the broker is killed with -9 and restarted, then dv-referral is killed with -9
 * (its supervisor restarts it). Every acknowledged case still has each effect exactly once in
 * intake's and dv-referral's databases. The broker is this test's own (infra/local/kafka.sh on free
 * ports in a temporary state directory), so killing it disturbs no other test; Postgres is the shared
 * one, with fresh databases.
 */
describe('short fault: broker restart and a service kill under load', () => {
  const state = mkdtempSync(join(tmpdir(), 'linkage-chaos-short-'));
  const stack = new Stack({
    state,
    services: ['intake', 'dv-referral'],
    pgAdminUrl: testInfra().pgAdminUrl,
    log: () => {},
  });
  let verifier: Verifier | undefined;

  beforeAll(async () => {
    await stack.up();
    const ready = await pollUntil(() => stack.allReady(), 150_000, 250);
    if (!ready) throw new Error(`intake and dv-referral were not ready within 150 s (logs in ${stack.runDir})`);
    verifier = new Verifier(stack.dbUrl);
  }, 600_000); // Kafka may take its whole 300 s to start on a loaded machine, then 150 s for the services

  afterAll(async () => {
    await verifier?.close();
    await stack.down();
    rmSync(state, { recursive: true, force: true });
  }, 120_000);

  it('loses nothing and doubles nothing', async () => {
    const load = new Load(() => stack.url('intake'), stack.keys, { intervalMs: 250, elderEvery: 1_000_000 });
    load.start();
    await pollUntil(async () => load.acked.length >= 5, 30_000, 100);

    // The broker dies hard and comes back while cases keep arriving.
    process.kill(stack.kafkaPid()!, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 2000));
    await stack.kafka('up');
    const acksAfterBroker = load.acked.length;
    await pollUntil(async () => load.acked.length >= acksAfterBroker + 5, 60_000, 100);

    // dv-referral (the consumer) dies hard; its supervisor starts it again.
    const pid = stack.pid('dv-referral')!;
    process.kill(pid, 'SIGKILL');
    await pollUntil(async () => load.acked.length >= acksAfterBroker + 10, 30_000, 100);
    await load.stop();
    const back = await pollUntil(
      async () => stack.pid('dv-referral') !== pid && (await stack.ready('dv-referral')),
      150_000,
      250,
    );
    expect(back, 'dv-referral restarted by its supervisor').toBe(true);

    const ids = load.acked.map((c) => c.id);
    expect(ids.length).toBeGreaterThanOrEqual(15);
    expect(load.stats.replayMismatch).toBe(0);
    const verdict = await pollUntil(
      async () => {
        const v = await verifier!.verify(ids);
        return v.complete === ids.length && v;
      },
      120_000,
      1000,
    );
    const problems = [...(await verifier!.verify(ids)).cases.values()].filter(
      (c) => c.lost.length || c.doubled.length || c.outOfOrder.length,
    );
    expect(problems).toEqual([]);
    expect(verdict && verdict.complete).toBe(ids.length);
  }, 420_000);
});
