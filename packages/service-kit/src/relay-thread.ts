import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { pino } from 'pino';
import { createDb } from '@linkage/db';
import {
  connectProducerUntil,
  createKafka,
  createProducer,
  OutboxRelay,
  safeErrorMessage,
  type Log,
} from '@linkage/messaging';
import { loggerOptions } from './logging.ts';
import { flushTracing, startTracing } from './tracing.ts';

/**
 * The outbox relay of a service process, on a thread of its own.
 *
 * Why: in the process's one event loop the relay's every step (the NOTIFY, its read, Kafka's acknowledgement) waited
 * behind whatever HTTP requests were queued. `npm run bench` at 200 cases/s: the relay's read took 14 ms and its
 * send 22 ms on average, where either takes 1–2 ms on an idle machine, and the time from intake's commit to Kafka's
 * acknowledgement was most of the end-to-end time. On a thread of its own, the operating system schedules the relay
 * (which sleeps most of the time) as soon as it has work, instead of after the requests.
 *
 * The thread runs the same `OutboxRelay` with its own Postgres pool, leadership session and Kafka producer; the main
 * thread keeps the relay's figures (role, published, failures) for /metrics from the thread's reports.
 */
export interface RelayThreadConfig {
  kind: 'linkage-relay';
  service: string;
  databaseUrl: string;
  brokers: string[];
  topicPrefix: string;
  pollMs: number;
  logLevel: string;
}

type Report = { role: OutboxRelay['role']; published: number; publishFailures: number };
type ToThread = { stop: true };
type FromThread = { report: Report } | { stopped: true };

/** True in a relay thread (relay-thread-main.ts). */
export function isRelayThread(): boolean {
  return !isMainThread && (workerData as { kind?: string } | null)?.kind === 'linkage-relay';
}

/** The thread's side: publish until the main thread says stop. */
export async function runRelayThread(): Promise<void> {
  const c = workerData as RelayThreadConfig;
  const port = parentPort!;
  // The relay's publish spans (the context each message carries) go where the process's spans go.
  startTracing(c.service);
  const logger = pino(loggerOptions(c.service, c.logLevel)) as unknown as Log;
  const store = createDb(c.databaseUrl, {}, { applicationName: `${c.service}-relay`, max: 2 });
  const kafka = createKafka({ brokers: c.brokers, clientId: c.service, logger });
  const producer = createProducer(kafka);
  const relay = new OutboxRelay({
    sql: store.sql,
    session: store.session,
    producer,
    logger,
    service: c.service,
    topicPrefix: c.topicPrefix,
    pollMs: c.pollMs,
  });
  let stopping = false;
  const report = () =>
    port.postMessage({
      report: { role: relay.role, published: relay.published, publishFailures: relay.publishFailures },
    } satisfies FromThread);
  const reporting = setInterval(report, 250);
  // As in the event loop (platform.ts): the relay starts only once the producer has connected.
  const connected = connectProducerUntil(producer, logger, () => stopping).then((ok) => {
    if (ok && !stopping) relay.start();
  });
  port.on('message', (m: ToThread) => {
    if (!m.stop || stopping) return;
    stopping = true;
    void (async () => {
      await relay.stop();
      await connected;
      await producer.disconnect().catch(() => {});
      await store.close().catch(() => {});
      await flushTracing().catch(() => {});
      clearInterval(reporting);
      report();
      port.postMessage({ stopped: true } satisfies FromThread);
      port.close();
    })();
  });
}

/**
 * The URL of tsx's ESM API (`tsx/esm/api`, whose `register()` loads TypeScript), by its package's exports map:
 * `import.meta.resolve` is not there under vitest.
 */
function tsxEsmApi(): string {
  const pkgJson = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgJson, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(pkgJson), pkg.exports['./esm/api']!.import.default)).href;
}

/** The main thread's handle on a relay thread: what `OutboxRelay` offers the platform. */
export class ThreadedRelay {
  private worker: Worker | undefined;
  /** Between start() and stop(): a thread that dies meanwhile is started again. */
  private wanted = false;
  private last: Report = { role: 'stopped', published: 0, publishFailures: 0 };
  /** What the threads before this one counted (a restarted thread counts from 0; the totals go on). */
  private before = { published: 0, publishFailures: 0 };
  constructor(
    private readonly config: Omit<RelayThreadConfig, 'kind'>,
    private readonly log: Log,
  ) {}

  get role(): Report['role'] {
    return this.worker ? this.last.role : 'stopped';
  }
  get published(): number {
    return this.before.published + this.last.published;
  }
  get publishFailures(): number {
    return this.before.publishFailures + this.last.publishFailures;
  }

  /**
   * Start the thread on relay-thread-main.ts, which loads only the relay and what it needs. Started on the service's
   * own entry point, a thread loaded the whole service and its packages again: 1.3 s of CPU at every start.
   */
  start(): void {
    this.wanted = true;
    if (this.worker) return;
    const workerData = { kind: 'linkage-relay', ...this.config } satisfies RelayThreadConfig;
    // A built relay-thread-main (RELAY_THREAD_ENTRY, a .mjs: the test tiers' bundles) runs as it is. The TypeScript
    // registers tsx first: Node 20 does not run the process's --import preloads in a worker.
    const built = process.env.RELAY_THREAD_ENTRY;
    const w = built
      ? new Worker(built, { workerData })
      : new Worker(
          `import(${JSON.stringify(tsxEsmApi())}).then((tsx) => tsx.register())` +
            `.then(() => import(${JSON.stringify(new URL('./relay-thread-main.ts', import.meta.url).href)}));`,
          { eval: true, workerData },
        );
    let exited = false;
    w.on('message', (m: FromThread) => {
      if ('report' in m && !exited) this.last = m.report;
    });
    w.on('error', (err) => this.log.error({ err: safeErrorMessage(err) }, 'relay thread failed'));
    w.on('exit', (code) => {
      exited = true;
      this.before = { published: this.published, publishFailures: this.publishFailures };
      this.last = { role: 'stopped', published: 0, publishFailures: 0 };
      if (this.worker === w) {
        this.worker = undefined;
        if (code !== 0 && this.wanted) {
          this.log.error({ code }, 'relay thread exited; starting it again');
          setTimeout(() => {
            if (this.wanted) this.start();
          }, 1000).unref();
        }
      }
    });
    this.worker = w;
  }

  async stop(): Promise<void> {
    this.wanted = false;
    const w = this.worker;
    if (!w) return;
    this.worker = undefined;
    await new Promise<void>((resolve) => {
      const done = setTimeout(() => void w.terminate().then(() => resolve()), 10_000);
      w.on('message', (m: FromThread) => {
        if ('stopped' in m) {
          clearTimeout(done);
          resolve();
        }
      });
      w.on('exit', () => {
        clearTimeout(done);
        resolve();
      });
      w.postMessage({ stop: true } satisfies ToThread);
    });
  }
}
