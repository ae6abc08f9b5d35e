import { connect as netConnect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { context } from '@opentelemetry/api';
import { drizzle, type PostgresJsDatabase, type PostgresJsQueryResultHKT } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import type { PgDatabase } from 'drizzle-orm/pg-core';

export type Sql = postgres.Sql;
/** A drizzle database or a transaction on it: what query functions take. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Executor = PgDatabase<PostgresJsQueryResultHKT, any, any>;

export interface DbClient<TSchema extends Record<string, unknown>> {
  db: PostgresJsDatabase<TSchema>;
  sql: Sql;
  /**
   * A new client holding exactly one connection of its own (one session), for session-scoped state
   * such as an advisory lock. It never recycles its connection (no idle timeout, no max lifetime);
   * `onclose` says the session is gone (a lock held on it is released). The caller ends it.
   */
  session: (o?: SessionOptions) => Sql;
  close: () => Promise<void>;
}

export interface SessionOptions {
  onclose?: () => void;
  applicationName?: string;
}

export interface DbOptions {
  max?: number;
  applicationName?: string;
  /** Nagle's algorithm off on the pool's connections (`noDelaySocket`): for a client that sends COPYs. */
  noDelay?: boolean;
}

/**
 * A postgres.js connection's socket with Nagle's algorithm off (`TCP_NODELAY`, as libpq sets it; Node and postgres.js
 * leave it on). postgres.js sends a COPY's rows and its end (CopyDone) as two writes: with Nagle on, the end waits for
 * the server to acknowledge the rows, which its delayed ACK holds back ~40 ms, on every COPY. Measured: 12,000
 * timeline rows in twelve COPYs took 700–800 ms with Nagle, 290–380 ms without. (For the services' request/response
 * traffic it did not help: end-to-end p50 24.4–46.2 ms with it off for every connection, 21.8–31.5 ms with the
 * default, in three alternating pairs; so they keep the default.)
 *
 * Given as postgres.js' `socket` option, it must return the socket connecting: postgres.js writes its start-up message
 * at once (Node queues it until the connection is made) and handles errors, close and its connect timeout as for its
 * own socket. A Unix-socket path is connected as such.
 */
export function noDelaySocket(o: { host: string[]; port: number[]; path?: string | false }): Socket {
  if (o.path) return netConnect({ path: o.path });
  return netConnect({ host: o.host[0]!, port: o.port[0]!, noDelay: true });
}

/** One postgres.js pool and a drizzle client over it. */
export function createDb<TSchema extends Record<string, unknown>>(
  url: string,
  schema: TSchema,
  opts: DbOptions = {},
): DbClient<TSchema> {
  const sql = postgres(url, {
    max: opts.max ?? 10,
    onnotice: () => {},
    // postgres.js' types do not declare `socket` (its code takes it)
    ...((opts.noDelay ? { socket: noDelaySocket } : {}) as Record<never, never>),
    connection: { application_name: opts.applicationName ?? 'linkage' },
  });
  const db = drizzle(preparing(sql), { schema });
  // postgres.js runs a transaction's callback when a pooled connection is free, from that
  // connection's own async context: bind the callback to the caller's (trace) context, so what the
  // transaction writes to the outbox carries the caller's span.
  const transaction = db.transaction.bind(db);
  db.transaction = ((cb, config) => transaction(context.bind(context.active(), cb), config)) as typeof db.transaction;
  const session = (s: SessionOptions = {}): Sql =>
    postgres(url, {
      max: 1,
      idle_timeout: 0,
      max_lifetime: null,
      onnotice: () => {},
      connection: { application_name: s.applicationName ?? `${opts.applicationName ?? 'linkage'}-session` },
      ...(s.onclose ? { onclose: () => s.onclose?.() } : {}),
    });
  return { db, sql, session, close: () => sql.end({ timeout: 5 }) };
}

/**
 * The client drizzle is given: every query it sends is a prepared statement. drizzle asks postgres.js for an unnamed,
 * unprepared statement unless the query was given a name (`{ prepare: false }`), and postgres.js then sends each such
 * query with parameters in two round trips — Parse and Describe, wait for the parameter types, then Bind and Execute —
 * on every call. Prepared, a statement text is parsed once per connection and each later call is one round trip:
 * intake's `POST /cases` spent about a third of its socket-write time on the second round trip (`node --cpu-prof`).
 * Transactions (`begin`) and savepoints hand drizzle a new client, so those are wrapped the same way.
 * Query texts must therefore be a bounded set: values go in parameters (`bulkInsert`, `anyUuid`: one parameter
 * whatever the number of rows), never spliced into the text.
 */
function preparing(sql: Sql): Sql {
  type Callback = (inner: Sql) => unknown;
  const withInner =
    (fn: (...a: unknown[]) => unknown) =>
    (...args: unknown[]) => {
      const cb = args.pop() as Callback;
      return fn(...args, (inner: Sql) => cb(preparing(inner)));
    };
  return new Proxy(sql, {
    get(target, prop, receiver) {
      if (prop === 'unsafe')
        return (query: string, params?: unknown[], options?: Record<string, unknown>) =>
          target.unsafe(query, params as never, { ...options, prepare: true });
      if (prop === 'begin' || prop === 'savepoint')
        return withInner((Reflect.get(target, prop) as (...a: unknown[]) => unknown).bind(target));
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

/** This package's own migrations: the shared outbox, inbox and audit tables. */
export const SHARED_MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url));

/**
 * Apply the shared tables' migrations, then the service's own (if given). Idempotent; two
 * instances starting at once are serialised by an advisory lock.
 */
export async function runMigrations(url: string, serviceMigrationsFolder?: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(7411)`;
    const db = drizzle(sql);
    await migrate(db, { migrationsFolder: SHARED_MIGRATIONS, migrationsTable: '__linkage_shared_migrations' });
    if (serviceMigrationsFolder) await migrate(db, { migrationsFolder: serviceMigrationsFolder });
    await sql`select pg_advisory_unlock(7411)`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Create a database if it does not exist (tests and local set-up). */
export async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${name}`;
    if (rows.length === 0) await sql.unsafe(`create database ${name}`);
  } catch (e) {
    if ((e as { code?: string }).code !== '42P04') throw e; // created concurrently
  } finally {
    await sql.end({ timeout: 5 });
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
