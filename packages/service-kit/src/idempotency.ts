import { AsyncLocalStorage } from 'node:async_hooks';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { sql, type SQL } from 'drizzle-orm';
import { idempotencyKeys } from '@linkage/db';
import { DomainError, ValidationError } from '@linkage/domain';
import { registerPeriodicJob } from './jobs.ts';
import { ProblemSchema } from './schemas.ts';

/**
 * `Idempotency-Key` on every POST (draft-ietf-httpapi-idempotency-key-header):
 *
 * - same key + same request (method, path, canonical JSON body) ⇒ the first response is replayed
 *   (same status, body, content-type and location; `idempotent-replayed: true` is added);
 * - same key + a different request ⇒ 422 `idempotency_key_reused`, nothing is written;
 * - the same key while the first request is still being processed ⇒ 409 `idempotency_key_in_flight`
 *   (the duplicate blocks on the key's row until the first commits, then gets this);
 * - the effect committed but its response was never recorded (the process died between the commit
 *   and the answer, or the answer was a 5xx) ⇒ 409 `idempotency_response_lost`: the request is never
 *   processed again; find its result with the list endpoints;
 * - a malformed key (not an sf-string or a bare token of 1–128 visible ASCII characters) ⇒ 400.
 *
 * A key belongs to the caller (token `sub` + `dept`) and the route (method + route template): other
 * callers' keys never collide. The key row is inserted by the request's FIRST `app.store.db.transaction`
 * inside that transaction, so "key recorded ⇔ effect committed": a request that fails (400, 403, 404,
 * 409, 412 from the domain) rolls its key back and a corrected retry with the same key runs normally.
 * After the commit, the response is stored on the row (body encrypted like personal data); rows older
 * than the retention (24 h) are ignored and deleted periodically. Bodies are never logged.
 */

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const IDEMPOTENCY_KEY_MAX = 128;
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/** A key row without a response younger than this is taken as still answering (409 in flight), older as lost. */
export const IDEMPOTENCY_ANSWER_GRACE_MS = 30_000;

const BARE = /^[\x21\x23-\x2B\x2D-\x5B\x5D-\x7E]{1,128}$/;
const QUOTED = /^"[\x20\x21\x23-\x5B\x5D-\x7E]{1,128}"$/;
/** The header's JSON-schema pattern: an RFC 8941 sf-string (no escapes) or a bare token. */
export const IDEMPOTENCY_KEY_PATTERN =
  '^(?:"[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]{1,128}"|[\\x21\\x23-\\x2B\\x2D-\\x5B\\x5D-\\x7E]{1,128})$';

/**
 * The key from the header: `"…"` (an sf-string, as the draft specifies) or a bare token (what many
 * clients send). Undefined when absent; a ValidationError when malformed, repeated or too long.
 */
export function parseIdempotencyKey(raw: string | string[] | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const v = Array.isArray(raw) ? raw : [raw];
  const s = v.length === 1 ? v[0]!.trim() : '';
  if (QUOTED.test(s)) return s.slice(1, -1);
  if (BARE.test(s)) return s;
  throw new ValidationError(
    'idempotency_key_invalid',
    `The Idempotency-Key header must be one string of 1–${IDEMPOTENCY_KEY_MAX} visible ASCII characters, e.g. "8e03978e-40d5-43e8-bc93-6894a57f9324".`,
    [{ path: `headers/${IDEMPOTENCY_HEADER}`, message: 'malformed or too long' }],
  );
}

/** JSON with object keys sorted at every level: two bodies that differ only in key order are the same request. */
export function canonicalJson(v: unknown): string {
  if (v === undefined) return '';
  return JSON.stringify(v, (_k, value: unknown) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((k) => [k, (value as Record<string, unknown>)[k]]),
      );
    }
    return value;
  });
}

interface KeyContext {
  sub: string;
  dept: string;
  route: string;
  key: string;
  fingerprint: string;
  /** The fingerprint under every configured blind-index key (one stored before a rotation still matches). */
  fingerprints: string[];
  /** pending: no key row yet; committed: the row committed with the effect; done: response stored (or replayed). */
  state: 'pending' | 'claiming' | 'committed' | 'done';
}

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: KeyContext | null;
  }
  interface FastifyInstance {
    /**
     * Commit ONE statement (e.g. `together` of @linkage/db): alone, in one round trip (a single statement is atomic),
     * or, when the request carries an Idempotency-Key not yet recorded, in a transaction with the key's row.
     */
    commit(statement: SQL): Promise<void>;
  }
  interface FastifyContextConfig {
    /** Set false on a POST route that must not take an Idempotency-Key. */
    idempotency?: boolean;
  }
}

export interface IdempotencyOptions {
  ttlMs?: number;
  /** How often expired rows are deleted (0 = never; tests call the job's query themselves). */
  cleanupIntervalMs?: number;
}

const HEADER_SCHEMA = {
  type: 'string',
  pattern: IDEMPOTENCY_KEY_PATTERN,
  description:
    'Optional. A unique key for this request (a UUID, as an sf-string "…" or bare). Retrying with the same key and the same body replays the first ' +
    'response (header idempotent-replayed: true) instead of doing it again; the same key with a different body is a 422; while the first is still ' +
    'being processed, a 409. Keys are per caller and route and kept for 24 h.',
};

class KeyTaken extends Error {}

const problem = (status: 409 | 422, code: string, message: string) => new DomainError(status, code, message);

/**
 * Idempotency-Key for every POST route: see the comment at the top of this file. Register after the database plugin.
 */
export const idempotencyPlugin = fp<IdempotencyOptions>(
  async (app, o) => {
    const ttlMs = o.ttlMs ?? IDEMPOTENCY_TTL_MS;
    const als = new AsyncLocalStorage<KeyContext>();
    app.decorateRequest('idempotency', null);

    const aad = (c: Pick<KeyContext, 'sub' | 'dept' | 'route' | 'key'>) =>
      `idempotency#${c.sub}#${c.dept}#${c.route}#${c.key}`;
    const find = async (c: KeyContext) => {
      const rows = await app.store.db.execute<{
        fingerprint: string;
        status_code: number | null;
        headers: Record<string, string> | null;
        body_enc: string | null;
        created_at: string;
        age_ms: number;
      }>(sql`
        select fingerprint, status_code, headers, body_enc, created_at, (extract(epoch from now() - created_at) * 1000)::float8 as age_ms
        from ${idempotencyKeys}
        where caller_sub = ${c.sub} and caller_dept = ${c.dept} and route = ${c.route} and key = ${c.key}
          and created_at > now() - make_interval(secs => ${ttlMs / 1000})`);
      return rows[0];
    };
    const notAnswered = (ageMs: number, createdAt: string) =>
      ageMs < IDEMPOTENCY_ANSWER_GRACE_MS
        ? problem(
            409,
            'idempotency_key_in_flight',
            'A request with this Idempotency-Key is still being processed. Retry in a moment with the same key to get its response.',
          )
        : problem(
            409,
            'idempotency_response_lost',
            `The request with this Idempotency-Key was processed at ${new Date(createdAt).toISOString()} and will not be processed again, but its response was not recorded ` +
              '(the service stopped before answering). Find the result with the list endpoints (e.g. GET /cases, GET /referrals, GET /applications, GET /clients); use a new key only for a new request.',
          );

    // 1. Every business transaction goes through app.store.db.transaction: the first one of a request
    //    that carries a key inserts the key row first, so the row commits with the effect or not at all.
    const db = app.store.db as unknown as {
      transaction: (fn: (tx: unknown) => Promise<unknown>, config?: unknown) => Promise<unknown>;
    };
    const original = db.transaction.bind(db);
    app.decorate('commit', async function (statement: SQL): Promise<void> {
      const store = app.store.db;
      // a key to record goes through the transaction below, which inserts its row first
      if (als.getStore()?.state === 'pending') await store.transaction((tx) => tx.execute(statement));
      else await store.execute(statement);
    });
    db.transaction = async (fn, config) => {
      const ctx = als.getStore();
      if (!ctx || ctx.state !== 'pending') return original(fn, config);
      ctx.state = 'claiming';
      let taken = false;
      try {
        const result = await original(async (tx) => {
          const claimed = await (tx as typeof app.store.db).execute(sql`
            insert into ${idempotencyKeys} (caller_sub, caller_dept, route, key, fingerprint, created_at)
            values (${ctx.sub}, ${ctx.dept}, ${ctx.route}, ${ctx.key}, ${ctx.fingerprint}, now())
            on conflict (caller_sub, caller_dept, route, key) do update
              set fingerprint = excluded.fingerprint, created_at = excluded.created_at, status_code = null, headers = null, body_enc = null, completed_at = null
              where ${idempotencyKeys.createdAt} <= now() - make_interval(secs => ${ttlMs / 1000})
            returning 1 as claimed`);
          if (claimed.length === 0) {
            taken = true;
            throw new KeyTaken();
          }
          return fn(tx);
        }, config);
        ctx.state = 'committed';
        return result;
      } catch (err) {
        ctx.state = 'pending';
        if (!taken) throw err;
        // A concurrent request with the same key committed first (we waited for it on the key's row).
        const row = await find(ctx);
        if (row && !ctx.fingerprints.includes(row.fingerprint)) throw reused();
        throw problem(
          409,
          'idempotency_key_in_flight',
          'A request with this Idempotency-Key was being processed at the same time. Retry in a moment with the same key to get its response.',
        );
      }
    };

    const reused = () =>
      problem(
        422,
        'idempotency_key_reused',
        'This Idempotency-Key was already used for a different request (another body or path). Use a new key for a new request.',
      );

    // 2. Before the handler: replay a completed request, refuse a reused key, else run the handler in the key's
    // context.
    async function lookup(req: FastifyRequest, reply: FastifyReply) {
      const key = parseIdempotencyKey(req.headers[IDEMPOTENCY_HEADER]);
      if (key === undefined || !req.user) return;
      const route = `${req.method} ${req.routeOptions.url ?? req.url}`;
      const request = `${req.method} ${req.url}\n${canonicalJson(req.body)}`;
      const fingerprint = app.blindIndexer.index('idempotency-key', request);
      const fingerprints = app.blindIndexer.candidates('idempotency-key', request);
      const ctx: KeyContext = {
        sub: req.user.sub,
        dept: req.user.dept,
        route,
        key,
        fingerprint,
        fingerprints,
        state: 'pending',
      };
      const row = await find(ctx);
      if (!row) {
        req.idempotency = ctx;
        return;
      }
      if (!fingerprints.includes(row.fingerprint)) throw reused();
      if (row.status_code === null) throw notAnswered(row.age_ms, row.created_at);
      for (const [h, v] of Object.entries(row.headers ?? {})) reply.header(h, v);
      reply.header('idempotent-replayed', 'true').status(row.status_code);
      return reply.send(row.body_enc === null ? undefined : app.cipher.decrypt(row.body_enc, aad(ctx)));
    }

    app.addHook('onRoute', (route: RouteOptions) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      if (!methods.includes('POST') || route.config?.idempotency === false) return;
      const handler = route.handler;
      route.handler = function (this: FastifyInstance, req, reply) {
        const ctx = req.idempotency;
        return ctx ? als.run(ctx, () => handler.call(this, req, reply)) : handler.call(this, req, reply);
      };
      const pre = route.preHandler;
      route.preHandler = [...(pre === undefined ? [] : Array.isArray(pre) ? pre : [pre]), lookup];
      // OpenAPI: document (and validate) the header on the route, and the answers it can bring (400 malformed, 409,
      // 422).
      if (route.schema) {
        const headers = (route.schema.headers ?? { type: 'object', properties: {} }) as {
          properties?: Record<string, unknown>;
        };
        route.schema.headers = {
          ...headers,
          properties: { ...(headers.properties ?? {}), [IDEMPOTENCY_HEADER]: HEADER_SCHEMA },
        };
        const response = route.schema.response as Record<string, unknown> | undefined;
        if (response) for (const status of [400, 409, 422]) response[status] ??= ProblemSchema;
      }
    });

    // 3. After the commit: store the response on the key row (before it is sent, so a retry after it sees it).
    app.addHook('onSend', async (req, reply, payload) => {
      const ctx = req.idempotency;
      if (!ctx || ctx.state !== 'committed') return payload;
      ctx.state = 'done';
      // A 5xx after the commit is not replayed: the row stays without a response (409 idempotency_response_lost).
      if (reply.statusCode >= 500) return payload;
      const body =
        typeof payload === 'string'
          ? payload
          : Buffer.isBuffer(payload)
            ? payload.toString('utf8')
            : payload == null
              ? null
              : undefined;
      if (body === undefined) return payload; // a stream: not replayable
      const headers: Record<string, string> = {};
      for (const h of ['content-type', 'location']) {
        const v = reply.getHeader(h);
        if (typeof v === 'string') headers[h] = v;
      }
      try {
        await app.store.db.execute(sql`
          update ${idempotencyKeys}
          set status_code = ${reply.statusCode}, headers = ${JSON.stringify(headers)}::jsonb, body_enc = ${body === null ? null : app.cipher.encrypt(body, aad(ctx))}, completed_at = now()
          where caller_sub = ${ctx.sub} and caller_dept = ${ctx.dept} and route = ${ctx.route} and key = ${ctx.key} and status_code is null`);
      } catch (err) {
        // The effect is committed; a retry gets 409 idempotency_response_lost. Never log the body.
        req.log.error(
          { code: (err as { code?: string }).code, message: (err as Error).message, route: ctx.route },
          'idempotency: storing the response failed',
        );
      }
      return payload;
    });

    // 4. Retention: delete rows past the TTL.
    registerPeriodicJob(app, 'idempotency-keys-cleanup', o.cleanupIntervalMs ?? 600_000, () =>
      deleteExpiredIdempotencyKeys(app, ttlMs),
    );
  },
  { name: 'linkage-idempotency', fastify: '5.x', dependencies: ['linkage-db'] },
);

/** Delete key rows older than the retention; returns how many. */
export async function deleteExpiredIdempotencyKeys(app: FastifyInstance, ttlMs = IDEMPOTENCY_TTL_MS): Promise<number> {
  const rows = await app.store.db.execute(
    sql`delete from ${idempotencyKeys} where created_at <= now() - make_interval(secs => ${ttlMs / 1000}) returning 1`,
  );
  return rows.length;
}
