import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ensureDatabase } from '@linkage/db';
import { REPO_ROOT } from './infra.ts';
import { freePort } from './processes.ts';

const run = promisify(execFile);

/**
 * A Postgres cluster of a test's own (infra/local/postgres.sh on a free port, state in a temp
 * directory), for fault tests that stop or crash the database. Never the shared cluster.
 */
export interface PrivatePostgres {
  port: number;
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  adminUrl: string;
  stateDir: string;
  /** A database on this cluster (created if missing); returns its URL. */
  database(name: string): Promise<string>;
  /** `pg_ctl stop -m <mode>`: 'immediate' is a crash (no checkpoint, every session cut). */
  stop(mode?: 'immediate' | 'fast'): Promise<void>;
  /** Start it again on the same data directory and port (idempotent). */
  start(): Promise<void>;
  /** stop(mode) then start(). */
  restart(mode?: 'immediate' | 'fast'): Promise<void>;
  /** Stop it and delete its state directory. */
  destroy(): Promise<void>;
}

function pgBin(): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b));
  const v = versions[versions.length - 1];
  if (!v) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql (run infra/local/postgres.sh up once)');
  return `/usr/lib/postgresql/${v}/bin`;
}

/** initdb/pg_ctl refuse to run as root: run as the `postgres` OS user then (as postgres.sh does). */
async function asOwner(cmd: string, args: string[]): Promise<void> {
  if (process.getuid?.() === 0) {
    const quoted = [cmd, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    await run('su', ['postgres', '-s', '/bin/bash', '-c', quoted]);
  } else {
    await run(cmd, args);
  }
}

export async function startPrivatePostgres(o: { port?: number } = {}): Promise<PrivatePostgres> {
  const port = o.port ?? (await freePort());
  const stateDir = mkdtempSync(join(tmpdir(), 'linkage-pg-'));
  chmodSync(stateDir, 0o755); // the postgres OS user must reach its data directory inside
  const env = { ...process.env, LINKAGE_STATE: stateDir, PG_PORT: String(port) };
  const script = resolve(REPO_ROOT, 'infra/local/postgres.sh');
  const dataDir = join(stateDir, 'postgres', 'data');
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const start = async () => {
    await run('bash', [script, 'up'], { env });
  };
  const stop = async (mode: 'immediate' | 'fast' = 'immediate') => {
    await asOwner(join(pgBin(), 'pg_ctl'), ['-D', dataDir, '-m', mode, '-w', 'stop']);
  };
  await start();
  return {
    port,
    adminUrl,
    stateDir,
    database: (name) => ensureDatabase(adminUrl, name),
    stop,
    start,
    restart: async (mode = 'immediate') => {
      await stop(mode);
      await start();
    },
    destroy: async () => {
      await stop('immediate').catch(() => {});
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
