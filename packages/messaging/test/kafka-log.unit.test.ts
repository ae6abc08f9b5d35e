import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { logLevel } from 'kafkajs';
import { kafkaLogLevel, REBALANCE_IN_PROGRESS_MESSAGE } from '../src/kafka.ts';

describe('kafkajs log levels', () => {
  it("names REBALANCE_IN_PROGRESS in kafkajs's own words (a kafkajs upgrade that rewords it fails here)", () => {
    // kafkajs's protocol error table (not part of its typed API, so read as the module it is)
    const { errorCodes } = createRequire(import.meta.url)('kafkajs/src/protocol/error.js') as {
      errorCodes: { type: string; code: number; message: string }[];
    };
    expect(errorCodes.find((e) => e.type === 'REBALANCE_IN_PROGRESS')).toMatchObject({
      code: 27,
      message: REBALANCE_IN_PROGRESS_MESSAGE,
    });
  });

  it('a rebalance answer to a heartbeat or commit, and the re-join after it, are info', () => {
    const rebalancing = { error: REBALANCE_IN_PROGRESS_MESSAGE };
    expect(kafkaLogLevel(logLevel.ERROR, { message: 'Response Heartbeat(key: 12, version: 3)', ...rebalancing })).toBe(
      'info',
    );
    expect(
      kafkaLogLevel(logLevel.ERROR, { message: 'Response OffsetCommit(key: 8, version: 5)', ...rebalancing }),
    ).toBe('info');
    expect(kafkaLogLevel(logLevel.WARN, { message: 'The group is rebalancing, re-joining', ...rebalancing })).toBe(
      'info',
    );
  });

  it('every other error stays an error, every warning a warning', () => {
    expect(
      kafkaLogLevel(logLevel.ERROR, {
        message: 'Response ListOffsets(key: 2, version: 3)',
        error: 'This server is not the leader for that topic-partition',
      }),
    ).toBe('error');
    expect(
      kafkaLogLevel(logLevel.ERROR, {
        message: 'The coordinator is not aware of this member, re-joining the group',
        error: 'The coordinator is not aware of this member',
      }),
    ).toBe('error');
    expect(kafkaLogLevel(logLevel.ERROR, { message: 'Crash: KafkaJSNumberOfRetriesExceeded: x' })).toBe('error');
    // the rebalance words on a line that is not a broker answer are not reclassified
    expect(kafkaLogLevel(logLevel.ERROR, { message: 'Crash: x', error: REBALANCE_IN_PROGRESS_MESSAGE })).toBe('error');
    expect(kafkaLogLevel(logLevel.WARN, { message: 'Consumer group received unsubscribed topics' })).toBe('warn');
    expect(kafkaLogLevel(logLevel.INFO, { message: 'Consumer has joined the group' })).toBe('debug');
  });
});
