// The only module in the code base that imports kafkajs. Swap the client here.
import { Kafka, logLevel, Partitioners, type LogEntry, type Producer, type Consumer, type Admin } from 'kafkajs';
import type { Log as Logger } from './log.ts';

export type { Producer, Consumer, Admin };

export interface KafkaOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
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
        if (level <= logLevel.ERROR) log.error(fields, message);
        else if (level === logLevel.WARN) log.warn(fields, message);
        else log.debug(fields, message);
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
