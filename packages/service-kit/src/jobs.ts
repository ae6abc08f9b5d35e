import type { FastifyInstance } from 'fastify';

/**
 * Run `job` every `intervalMs` while the app is up (0 = never: tests call the job directly with an
 * injected clock). One run at a time per instance; several instances are safe only if the job
 * claims its rows (FOR UPDATE SKIP LOCKED). A failing run is logged and the next one tries again.
 */
export function registerPeriodicJob(
  app: FastifyInstance,
  name: string,
  intervalMs: number,
  job: () => Promise<unknown>,
): void {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  const tick = () => {
    if (running) return;
    running = job()
      .catch((err) => app.log.error({ err, job: name }, 'periodic job failed'))
      .finally(() => (running = undefined));
  };
  app.addHook('onReady', async () => {
    if (intervalMs > 0) timer = setInterval(tick, intervalMs);
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    await running;
  });
}
