import { eventually } from './helpers.ts';

interface Injectable {
  inject(url: string): Promise<{ statusCode: number; json(): unknown; body: string }>;
}

/**
 * /readyz once it answers 200 (bounded): consumers join their groups in the background after
 * `app.ready()`, and readiness says 503 `consumers: joining` until they have.
 */
export async function untilReady<A extends Injectable>(
  app: A,
  timeoutMs = 30_000,
): Promise<Awaited<ReturnType<A['inject']>>> {
  let last: Awaited<ReturnType<A['inject']>> | undefined;
  await eventually(
    async () => {
      last = (await app.inject('/readyz')) as Awaited<ReturnType<A['inject']>>;
      return last.statusCode === 200;
    },
    '/readyz to answer 200',
    timeoutMs,
    100,
  ).catch((e: Error) => {
    throw new Error(`${e.message}; last /readyz: ${last?.body ?? 'none'}`);
  });
  return last!;
}
