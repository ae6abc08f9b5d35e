// The only module in the code base that imports kafkajs. Swap the client here.
import { Kafka, logLevel, Partitioners, type LogEntry, type Producer, type Consumer, type Admin } from 'kafkajs';
import type { Log as Logger } from './log.ts';
import { safeErrorMessage } from './errors.ts';

export type { Producer, Consumer, Admin };

export interface KafkaOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
}

/** kafkajs's words for the broker's REBALANCE_IN_PROGRESS answer (protocol error 27). */
export const REBALANCE_IN_PROGRESS_MESSAGE = 'The group is rebalancing, so a rejoin is needed';

/**
 * The level a kafkajs log line is logged at. A rebalance is normal: a member joins or leaves the group (scale-out, a
 * rolling deploy, a restart). The broker tells a running member so by answering its next heartbeat or offset commit
 * with REBALANCE_IN_PROGRESS; kafkajs logs every error answer at error level (`Response Heartbeat(…)`) and then its
 * re-join at warn, and operators' error alerts would fire on every deploy. Those two lines, and only those (the exact
 * REBALANCE_IN_PROGRESS answer), are info; every other kafkajs error stays an error and every warning a warning.
 */
export function kafkaLogLevel(
  level: logLevel,
  entry: { message: string; error?: unknown },
): 'error' | 'warn' | 'info' | 'debug' {
  const rebalancing = entry.error === REBALANCE_IN_PROGRESS_MESSAGE;
  if (level <= logLevel.ERROR) return rebalancing && entry.message.startsWith('Response ') ? 'info' : 'error';
  if (level === logLevel.WARN)
    return rebalancing && entry.message === 'The group is rebalancing, re-joining' ? 'info' : 'warn';
  return 'debug';
}

export function createKafka({ brokers, clientId, logger }: KafkaOptions): Kafka {
  const log = logger.child({ component: 'kafka' });
  return new Kafka({
    clientId,
    brokers,
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 200, retries: 8 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, ...rest } = entry;
        const fields = { kafkaLogger: entry.logger, broker: rest.broker, error: rest.error };
        log[kafkaLogLevel(level, entry)](fields, message);
      },
  });
}

/** An idempotent producer waiting for all in-sync replicas (acks=-1). */
export function createProducer(kafka: Kafka): Producer {
  // kafkajs wants unbounded retries for an idempotent producer; time still bounds them.
  return kafka.producer({
    // Chosen, not defaulted: murmur2 of the message key (the case id), the Java client's partitioner,
    // so one case's events land on one partition (DESIGN: per-case order) whichever client produces.
    createPartitioner: Partitioners.DefaultPartitioner,
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 30_000, initialRetryTime: 200 },
  });
}

export { Kafka };

/**
 * Connect the producer, retrying with capped backoff (0.5 → 2 s) until it connects or `stopped()` says to give up.
 * Resolves true once connected, false if stopped first. Start-up never waits on it.
 */
export async function connectProducerUntil(producer: Producer, log: Logger, stopped: () => boolean): Promise<boolean> {
  for (let delay = 500; !stopped(); delay = Math.min(delay * 2, 2_000)) {
    try {
      await producer.connect();
      return true;
    } catch (err) {
      log.warn({ err: safeErrorMessage(err), retryInMs: delay }, 'Kafka producer could not connect; retrying');
      await new Promise((r) => setTimeout(r, delay));
    }
  }
  return false;
}
