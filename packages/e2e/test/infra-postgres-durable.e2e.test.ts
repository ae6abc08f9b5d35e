import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, queryOnce, REPO_ROOT } from '@linkage/testing';

const run = promisify(execFile);

/**
 * `npm start` runs Postgres through infra/local/postgres.sh; a committed case must survive a crash,
 * so that cluster is durable. Only `PG_DURABLE=0` (what `npm test` sets for the throw-away cluster
 * it starts itself) turns fsync, synchronous_commit and full_page_writes off. A private cluster in
 * a temporary state directory on its own port: the shared one is never touched.
 */
describe('local Postgres durability (infra/local/postgres.sh)', () => {
  const state = mkdtempSync(join(tmpdir(), 'linkage-pg-durable-'));
  chmodSync(state, 0o755); // the cluster runs as the postgres user when we are root
  let port = 0;
  const script = resolve(REPO_ROOT, 'infra/local/postgres.sh');
  const pg = (cmd: string, extra: Record<string, string> = {}) =>
    run('bash', [script, cmd], {
      env: { ...process.env, LINKAGE_STATE: state, PG_PORT: String(port), ...extra },
      timeout: 120_000,
    });
  const settings = async () => {
    const rows = await queryOnce<{ name: string; setting: string }>(
      `postgres://postgres@127.0.0.1:${port}/postgres`,
      "select name, setting from pg_settings where name in ('fsync', 'synchronous_commit', 'full_page_writes') order by name",
    );
    return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
  };

  afterAll(async () => {
    if (port) await pg('down').catch(() => undefined);
    rmSync(state, { recursive: true, force: true });
  });

  it('starts durable the way npm start does, and relaxed only with PG_DURABLE=0', async () => {
    port = await freePort();
    delete process.env.PG_DURABLE;
    await pg('up');
    expect(await settings()).toEqual({ fsync: 'on', full_page_writes: 'on', synchronous_commit: 'on' });
    const durable = await pg('durability');
    expect(durable.stdout.trim().split('\n')).toEqual(['fsync=on', 'synchronous_commit=on', 'full_page_writes=on']);
    await pg('down');

    await pg('up', { PG_DURABLE: '0' });
    expect(await settings()).toEqual({ fsync: 'off', full_page_writes: 'off', synchronous_commit: 'off' });
    // `durability` (what npm start checks before it runs anything) reports the relaxed cluster and fails.
    const relaxed = await pg('durability').then(
      () => ({ failed: false, stdout: '' }),
      (e: { stdout: string }) => ({ failed: true, stdout: e.stdout }),
    );
    expect(relaxed).toEqual({ failed: true, stdout: 'fsync=off\nsynchronous_commit=off\nfull_page_writes=off\n' });
  });
});
