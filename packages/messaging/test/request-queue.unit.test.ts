import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRequire } from 'node:module';

// kafkajs's own request queue (one per broker connection), as patched in patches/kafkajs+2.2.4.patch
const RequestQueue = createRequire(import.meta.url)('kafkajs/src/network/requestQueue/index.js') as new (o: object) => {
  checkPendingRequests(): void;
  push(r: object): void;
  maybeThrottle(ms: number): void;
  pending: unknown[];
  destroy(): void;
};
const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const queue = (maxInFlightRequests = 1) =>
  new RequestQueue({
    maxInFlightRequests,
    requestTimeout: 30_000,
    enforceRequestTimeout: false,
    clientId: 'test',
    broker: '127.0.0.1:9092',
    logger: { ...silent, namespace: () => silent },
  });

describe('kafkajs request queue (patched, kafkajs issue #1556)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('schedules nothing when no request is pending: an idle connection does not wake its event loop', () => {
    vi.useFakeTimers();
    const q = queue();
    // what every answered request does (fulfillRequest → checkPendingRequests)
    q.checkPendingRequests();
    // unpatched: a timer of max(throttledUntil - now, 1) ms that schedules the next one, for ever
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(1_000);
    expect(vi.getTimerCount()).toBe(0);
    q.destroy();
  });

  it('still sends a request that waited behind a throttle once the throttle ends', () => {
    vi.useFakeTimers();
    const q = queue();
    q.maybeThrottle(50);
    const sent: number[] = [];
    q.push({
      entry: { correlationId: 1, apiKey: 0, apiName: 'Produce', apiVersion: 0, resolve: () => {}, reject: () => {} },
      expectResponse: false,
      sendRequest: () => sent.push(1),
    });
    expect(q.pending).toHaveLength(1);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(60);
    expect(sent).toEqual([1]);
    expect(q.pending).toHaveLength(0);
    // nothing left to check: no timer left either
    expect(vi.getTimerCount()).toBe(0);
    q.destroy();
  });
});
