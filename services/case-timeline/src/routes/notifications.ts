import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { problemResponses } from '@linkage/service-kit';
import { lastSeq, listNotifications, markAllRead, markRead, since } from '../application/notifications.ts';

const Notification = Type.Object({
  id: Type.String({ format: 'uuid' }),
  seq: Type.Integer(),
  kind: Type.String(),
  caseId: Type.String({ format: 'uuid' }),
  caseNumber: Type.Union([Type.String(), Type.Null()]),
  text: Type.String(),
  deadline: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  recipient: Type.Union([Type.Literal('me'), Type.Literal('department')]),
  occurredAt: Type.String({ format: 'date-time' }),
  read: Type.Boolean(),
});

export interface StreamOptions {
  /** How often the stream looks for new notifications (ms). */
  pollMs: number;
  /** How often it sends a heartbeat comment (ms). */
  heartbeatMs: number;
}

/**
 * The caller's notifications (issue 12): her department's and her own, newest first, read/unread;
 * and a server-sent events stream of new ones. Any signed-in user; nothing of another department.
 */
export default async function notificationRoutes(fastify: FastifyInstance, opts: StreamOptions) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['notifications'];

  app.get(
    '/notifications',
    {
      onRequest: [app.authenticate],
      schema: {
        tags,
        summary:
          "The caller's notifications — her department's and her own — newest first (de-identified: case number, what happened, deadline)",
        querystring: Type.Object(
          {
            unread: Type.Optional(Type.Boolean()),
            limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
            offset: Type.Integer({ minimum: 0, maximum: 100000, default: 0 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(Notification),
            total: Type.Integer(),
            limit: Type.Integer(),
            offset: Type.Integer(),
          }),
          ...problemResponses,
        },
      },
    },
    async (req) =>
      listNotifications(app.store.db, req.user, {
        ...(req.query.unread !== undefined ? { unread: req.query.unread } : {}),
        limit: req.query.limit,
        offset: req.query.offset,
      }),
  );

  app.post(
    '/notifications/:id/read',
    {
      onRequest: [app.authenticate],
      schema: {
        tags,
        summary: 'Mark one of my notifications read (another department’s is a 404)',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: Notification, ...problemResponses },
      },
    },
    async (req) => markRead(app, req.user, req.params.id),
  );

  app.post(
    '/notifications/read-all',
    {
      onRequest: [app.authenticate],
      schema: {
        tags,
        summary: 'Mark all my notifications read',
        response: { 200: Type.Object({ marked: Type.Integer() }), ...problemResponses },
      },
    },
    async (req) => markAllRead(app, req.user),
  );

  const open = new Set<() => void>();
  app.addHook('onClose', async () => {
    for (const end of open) end();
  });

  app.get(
    '/notifications/stream',
    {
      onRequest: [app.authenticate],
      schema: {
        tags,
        summary:
          'Server-sent events: each new notification of the caller as `event: notification` (JSON data), a `: heartbeat` comment every 15 s',
        response: {
          200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: Type.String() } } },
          ...problemResponses,
        },
      },
    },
    async (req, reply) => {
      const who = req.user;
      let floor = await lastSeq(app.store.db, who);
      // what exists now is not news: only notifications after the stream opened are sent
      const sent = new Set<string>((await since(app.store.db, who, Math.max(0, floor - 200))).map((n) => n.id));
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-content-type-options': 'nosniff',
        'x-accel-buffering': 'no',
      });
      res.write('retry: 3000\n\n');
      let busy = false;
      const poll = async () => {
        if (busy) return;
        busy = true;
        try {
          // a window below the highest seen, so a row committed late with a lower seq is not missed
          for (const n of await since(app.store.db, who, Math.max(0, floor - 200))) {
            if (sent.has(n.id)) continue;
            sent.add(n.id);
            floor = Math.max(floor, n.seq);
            res.write(`id: ${n.seq}\nevent: notification\ndata: ${JSON.stringify(n)}\n\n`);
          }
        } catch (err) {
          req.log.warn({ err }, 'notification stream poll failed');
        } finally {
          busy = false;
        }
      };
      const pollTimer = setInterval(() => void poll(), opts.pollMs);
      const beat = setInterval(() => res.write(': heartbeat\n\n'), opts.heartbeatMs);
      const end = () => {
        clearInterval(pollTimer);
        clearInterval(beat);
        open.delete(end);
        res.end();
      };
      open.add(end);
      req.raw.on('close', end);
    },
  );
}
