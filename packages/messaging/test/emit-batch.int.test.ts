import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc } from 'drizzle-orm';
import { createDb, OUTBOX_CHANNEL, outbox, runMigrations, type DbClient } from '@linkage/db';
import { caseOpenedEvent as caseOpened, eventually, freshDatabase } from '@linkage/testing';
import { emitEvents, emitEventsBatch, type EventContext } from '../src/index.ts';

const ctxOf = (caseId: string): EventContext => ({
  source: '/services/test',
  subject: caseId,
  actor: { role: 'system', dept: 'svc:test' },
  time: new Date('2026-11-28T10:00:00.000Z'),
  correlationid: randomUUID(),
  causationid: randomUUID(),
});
const opened = (caseId: string) => ({ type: 'intake.case.opened.v1' as const, data: caseOpened(caseId).data });
const traceparent = () => `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;

/** emitEventsBatch: a consumer batch's events in one outbox insert, each with its own cause's trace (real Postgres). */
describe('emitEventsBatch (real Postgres)', () => {
  let client: DbClient<Record<string, never>>;

  beforeAll(async () => {
    const url = await freshDatabase('emit_batch');
    await runMigrations(url);
    client = createDb(url, {});
  });
  afterAll(async () => {
    await client?.close();
  });

  const rows = () => client.db.select().from(outbox).orderBy(asc(outbox.id));

  it('writes every command’s events in order, as emitEvents writes each, with its trace; NOTIFY at commit', async () => {
    const cases = [randomUUID(), randomUUID(), randomUUID()];
    const commands = [
      { emits: [opened(cases[0]!), opened(cases[0]!)], ctx: ctxOf(cases[0]!), trace: { traceparent: traceparent() } },
      { emits: [], ctx: ctxOf(cases[1]!), trace: { traceparent: traceparent() } },
      {
        emits: [opened(cases[1]!)],
        ctx: ctxOf(cases[1]!),
        trace: { traceparent: traceparent(), tracestate: 'linkage=1' },
      },
      // no trace of its own: the active span's (none here: tracing is off in this process)
      { emits: [opened(cases[2]!)], ctx: ctxOf(cases[2]!) },
    ];
    const notified: string[] = [];
    const listener = await client.sql.listen(OUTBOX_CHANNEL, (p) => notified.push(p));
    try {
      await client.db.transaction(async (tx) => {
        await emitEventsBatch(tx, commands);
        // Postgres delivers a NOTIFY only at commit
        await new Promise((r) => setTimeout(r, 200));
        expect(notified).toEqual([]);
      });
      await eventually(() => notified.length > 0, 'the NOTIFY after commit', 5_000);
    } finally {
      await listener.unlisten();
    }

    const written = await rows();
    expect(written.map((r) => [r.key, r.traceparent, r.tracestate])).toEqual([
      [cases[0], commands[0]!.trace!.traceparent, null],
      [cases[0], commands[0]!.trace!.traceparent, null],
      [cases[1], commands[2]!.trace!.traceparent, 'linkage=1'],
      [cases[2], null, null],
    ]);
    // the same rows emitEvents writes for each command (but the new event ids)
    await client.db.transaction(async (tx) => {
      for (const c of commands) await emitEvents(tx, c.emits, c.ctx);
    });
    const one = (await rows()).slice(written.length);
    const strip = (r: (typeof written)[number]) => ({
      topic: r.topic,
      key: r.key,
      type: r.type,
      payload: { ...(r.payload as object), id: undefined },
      publishedAt: r.publishedAt,
      attempts: r.attempts,
      eventIdIsPayloadId: r.eventId === (r.payload as { id: string }).id,
    });
    expect(written.map(strip)).toEqual(one.map(strip));
    expect(written.every((r) => (r.payload as { causationid: string }).causationid)).toBe(true);
  });

  it('writes nothing in a transaction that rolls back, and nothing for no events', async () => {
    const before = (await rows()).length;
    const caseId = randomUUID();
    await expect(
      client.db.transaction(async (tx) => {
        await emitEventsBatch(tx, [{ emits: [opened(caseId)], ctx: ctxOf(caseId) }]);
        throw new Error('the batch failed after its outbox write');
      }),
    ).rejects.toThrow('the batch failed');
    await client.db.transaction((tx) => emitEventsBatch(tx, []));
    expect((await rows()).length).toBe(before);
  });
});
