import { execFile } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, queryOnce, REPO_ROOT } from '@linkage/testing';

const run = promisify(execFile);

/**
 * A clone in a folder the `postgres` OS user cannot enter (root's home, a `mktemp -d` folder: mode 0700). As
 * root, infra/local/postgres.sh runs the cluster as that user, and initdb failed with "Permission denied". The
 * script keeps the cluster's data where its owner can reach it (under the postgres user's home, linked from the
 * state directory), so `up`, `down` and a second `up` work from such a clone. A private cluster on its own port.
 */
describe('local Postgres from a folder the postgres user cannot enter (infra/local/postgres.sh)', () => {
  const state = mkdtempSync(join(tmpdir(), 'linkage-pg-untraversable-')); // 0700, as mktemp -d makes it
  const root = process.getuid?.() === 0;
  let port = 0;
  const script = resolve(REPO_ROOT, 'infra/local/postgres.sh');
  const pg = (cmd: string) =>
    run('bash', [script, cmd], {
      env: { ...process.env, LINKAGE_STATE: state, PG_PORT: String(port), PG_DURABLE: '0' },
      timeout: 120_000,
    });
  const link = join(state, 'postgres');
  let target: string | undefined;

  afterAll(async () => {
    if (port) await pg('down').catch(() => undefined);
    if (target && target !== link) rmSync(target, { recursive: true, force: true });
    rmSync(state, { recursive: true, force: true });
  });

  it('starts, stops and starts again, with the data where the postgres user can reach it', async () => {
    expect(statSync(state).mode & 0o777).toBe(0o700);
    port = await freePort();
    const up = await pg('up');
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    await queryOnce(url, 'create table kept (n int)');
    await queryOnce(url, 'insert into kept values (42)');
    if (root) {
      // the state directory links to the cluster's real place, which is not inside the 0700 folder
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      target = readlinkSync(link);
      expect(target.startsWith(state)).toBe(false);
      expect(existsSync(join(target, 'data', 'PG_VERSION'))).toBe(true);
      expect(up.stderr).toContain(target);
    } else {
      // not root: the cluster runs as this user, who can enter the folder; nothing moves
      expect(lstatSync(link).isDirectory()).toBe(true);
    }
    await pg('down');
    await pg('up');
    expect(await queryOnce<{ n: number }>(url, 'select n from kept')).toEqual([{ n: 42 }]);
    expect((await pg('status')).stdout).toContain(`up on 127.0.0.1:${port}`);
  });
});
