import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createKafka, ensureTopics } from '@linkage/messaging';
import {
  eventually,
  freePort,
  freshDatabase,
  freshTopicPrefix,
  REPO_ROOT,
  serviceEnv,
  testInfra,
} from '@linkage/testing';

const run = promisify(execFile);

/** Run a function of infra/services.sh (what npm start and npm stop use) with the given environment. */
const services = (script: string, env: Record<string, string>) =>
  run('bash', ['-c', `source infra/local/lib.sh; source infra/services.sh; ${script}`], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    timeout: 120_000,
  });

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const readPid = (file: string): number | undefined =>
  existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) || undefined : undefined;
const supervisorLines = (log: string) =>
  readFileSync(log, 'utf8')
    .split('\n')
    .filter((l) => l.includes('"component":"supervisor"'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/**
 * `npm start` runs each service under infra/scripts/supervise.ts: the pid file names the service's
 * own node process (the one listening on its port), a killed service comes back by itself with a
 * logged restart, a crash loop backs off to a cap, and `stop_service` (npm stop) leaves nothing running.
 */
describe('the local supervisor (npm start / npm stop)', () => {
  const state = mkdtempSync(join(tmpdir(), 'linkage-supervise-'));
  const runDir = join(state, 'run');
  const env: Record<string, string> = { LINKAGE_STATE: state };

  afterAll(async () => {
    await services('for n in intake crashy; do stop_service $n; done', env).catch(() => undefined);
    rmSync(state, { recursive: true, force: true });
  });

  it('restarts a service killed with -9; the pid file is the service; stop leaves no process and a free port', async () => {
    const { brokers } = testInfra();
    const prefix = freshTopicPrefix();
    await ensureTopics(createKafka({ brokers, clientId: 'e2e-supervise', logger: pino({ level: 'silent' }) }), prefix);
    const port = await freePort();
    Object.assign(
      env,
      serviceEnv({
        databaseUrl: await freshDatabase('e2e_supervise'),
        brokers,
        topicPrefix: prefix,
        extra: { LOG_LEVEL: 'warn' },
      }),
    );
    const t0 = Date.now();
    await services(`start_service intake ${port} "$DATABASE_URL"`, env);
    // start_service returns once the pid file is written (30 s at most), and what it leaves running holds none
    // of the caller's output open: execFile resolves when stdout and stderr close, else only at its 120 s timeout.
    expect(Date.now() - t0, 'start_service returned with its output closed').toBeLessThan(60_000);
    const ready = async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.status === 200;
    const listener = async () =>
      Number((await services(`port_listener ${port}`, env)).stdout.split(' ')[0]) || undefined;
    await eventually(ready, 'intake ready under its supervisor', 90_000, 250);

    const pidFile = join(runDir, 'intake.pid');
    const first = readPid(pidFile)!;
    const supervisor = readPid(join(runDir, 'intake.supervisor.pid'))!;
    expect(first).toBeGreaterThan(0);
    expect(supervisor).not.toBe(first);
    // The recorded pid is the process that serves the port (not a tsx wrapper around it).
    expect(await listener()).toBe(first);

    process.kill(first, 'SIGKILL');
    const second = await eventually(
      async () => {
        const pid = readPid(pidFile);
        return pid && pid !== first && (await ready()) && pid;
      },
      'intake back with a new pid after kill -9',
      90_000,
      250,
    );
    expect(alive(first)).toBe(false);
    expect(await listener()).toBe(second);
    const exits = supervisorLines(join(runDir, 'intake.log')).filter((l) => l.msg === 'service exited; restarting');
    expect(exits[0]).toEqual(expect.objectContaining({ pid: first, signal: 'SIGKILL', code: null, restart: 1 }));

    await services('stop_service intake', env);
    expect([first, second, supervisor].filter(alive)).toEqual([]);
    expect(await listener()).toBeUndefined();
    expect(existsSync(pidFile)).toBe(false);
  }, 240_000);

  it('backs a crash loop off exponentially up to the cap, logging each exit code', async () => {
    await run(
      'bash',
      [
        '-c',
        `nohup node --import tsx infra/scripts/supervise.ts --name crashy --run-dir "$RUN" --backoff-ms 100 --backoff-max-ms 400 -- node -e 'process.exit(3)' >/dev/null 2>&1 &`,
      ],
      { cwd: REPO_ROOT, env: { ...process.env, RUN: runDir } },
    );
    const exits = await eventually(
      () => {
        const lines = existsSync(join(runDir, 'crashy.log'))
          ? supervisorLines(join(runDir, 'crashy.log')).filter((l) => l.msg === 'service exited; restarting')
          : [];
        return lines.length >= 5 && lines;
      },
      'five restarts of a service that always exits 3',
      30_000,
      100,
    );
    expect(exits.slice(0, 5).map((l) => [l.code, l.signal, l.delayMs])).toEqual([
      [3, null, 100],
      [3, null, 200],
      [3, null, 400],
      [3, null, 400],
      [3, null, 400],
    ]);
    const supervisor = readPid(join(runDir, 'crashy.supervisor.pid'))!;
    await services('stop_service crashy', env);
    expect(alive(supervisor)).toBe(false);
    expect(existsSync(resolve(runDir, 'crashy.supervisor.pid'))).toBe(false);
  });
});
