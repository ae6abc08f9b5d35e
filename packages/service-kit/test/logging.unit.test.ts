import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerOptions, serializeError } from '../src/logging.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  const { transport: _t, ...opts } = loggerOptions('test', 'info');
  return { log: pino(opts, stream), lines };
}

describe('error serializer', () => {
  it('logs whatever is passed as err without throwing (a string, an object, null): the relay logged a string and died', () => {
    const { log, lines } = capture();
    expect(() => log.error({ err: 'connection refused' }, 'relay error')).not.toThrow();
    expect(() => log.error({ err: { code: 'X' } }, 'odd error')).not.toThrow();
    expect(() => log.error({ err: null }, 'null error')).not.toThrow();
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[0]!).err.message).toBe('connection refused');
  });

  it('keeps the database message of a drizzle "Failed query" error and drops its parameters', () => {
    const cause = new Error('duplicate key value violates unique constraint');
    const err = Object.assign(new Error('Failed query: insert into cases values ($1)\nparams: Wang Fang,13800000000'), {
      cause,
    });
    const out = serializeError(err);
    expect(out.message).toBe('duplicate key value violates unique constraint');
    expect(JSON.stringify(out)).not.toContain('13800000000');
    const plain = serializeError(new Error('boom\nparams: secret'));
    expect(plain.message).toBe('boom');
    expect(plain.stack ?? '').not.toContain('secret');
  });
});
