// A process supervisor for `npm start`, doing locally what Kubernetes does in production: it runs one
// service as its child, restarts it whenever it exits (exponential backoff up to a cap, starting
// over once the child has stayed up a while), and logs every exit with its code or signal.
//
// node --import tsx infra/scripts/supervise.ts --name intake --run-dir .local/run -- node --import tsx
// services/intake/src/server.ts
//
// Files in --run-dir:
//   <name>.pid             the SERVICE's pid (the node process that serves; `kill -9 $(cat …)` kills the service)
//   <name>.supervisor.pid  this supervisor's pid
//   <name>.supervisor.json restarts so far and the last exit (for tools such as `npm run chaos`)
//   <name>.log             the service's stdout/stderr, and this supervisor's lines (JSON, component "supervisor")
// SIGTERM/SIGINT to the supervisor: no more restarts; SIGTERM to the service, SIGKILL after
// --stop-timeout-ms; pid files removed; exit 0.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const sep = process.argv.indexOf('--');
if (sep < 0 || sep === process.argv.length - 1) {
  process.stderr.write(
    'usage: supervise.ts --name NAME --run-dir DIR [--cwd DIR] [--backoff-ms 500] [--backoff-max-ms 30000] [--reset-after-ms 60000] [--stop-timeout-ms 10000] -- COMMAND ARGS…\n',
  );
  process.exit(2);
}
const { values } = parseArgs({
  args: process.argv.slice(2, sep),
  options: {
    name: { type: 'string' },
    'run-dir': { type: 'string' },
    cwd: { type: 'string' },
    'backoff-ms': { type: 'string', default: '500' },
    'backoff-max-ms': { type: 'string', default: '30000' },
    'reset-after-ms': { type: 'string', default: '60000' },
    'stop-timeout-ms': { type: 'string', default: '10000' },
  },
});
const [command, ...args] = process.argv.slice(sep + 1) as [string, ...string[]];
const name = values.name;
if (!name || !/^[a-z0-9-]+$/.test(name) || !values['run-dir']) {
  process.stderr.write('supervise.ts: --name (a-z, 0-9, -) and --run-dir are required\n');
  process.exit(2);
}
const num = (k: 'backoff-ms' | 'backoff-max-ms' | 'reset-after-ms' | 'stop-timeout-ms'): number => {
  const n = Number(values[k]);
  if (!Number.isFinite(n) || n < 0) {
    process.stderr.write(`supervise.ts: --${k} must be a number of milliseconds\n`);
    process.exit(2);
  }
  return n;
};
const backoffMs = num('backoff-ms');
const backoffMaxMs = num('backoff-max-ms');
const resetAfterMs = num('reset-after-ms');
const stopTimeoutMs = num('stop-timeout-ms');

const runDir = resolve(values['run-dir']);
mkdirSync(runDir, { recursive: true });
const pidFile = join(runDir, `${name}.pid`);
const ownPidFile = join(runDir, `${name}.supervisor.pid`);
const stateFile = join(runDir, `${name}.supervisor.json`);
const logFd = openSync(join(runDir, `${name}.log`), 'a');

/** Write a file whole or not at all (a reader never sees half a pid). */
function writeAtomic(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

/** One JSON line in the service's log, shaped like the service's own (pino) lines. */
function log(level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown> = {}): void {
  const lvl = { info: 30, warn: 40, error: 50 }[level];
  writeSync(
    logFd,
    `${JSON.stringify({ level: lvl, time: Date.now(), component: 'supervisor', service: name, supervisorPid: process.pid, ...fields, msg })}\n`,
  );
}

let child: ChildProcess | undefined;
let childStartedAt = 0;
let restarts = 0;
let consecutiveFailures = 0;
let stopping = false;
let restartTimer: NodeJS.Timeout | undefined;
let lastExit: { code: number | null; signal: NodeJS.Signals | null; at: string; uptimeMs: number } | undefined;

const saveState = () =>
  writeAtomic(
    stateFile,
    JSON.stringify({ name, supervisorPid: process.pid, pid: child?.pid ?? null, restarts, lastExit: lastExit ?? null }),
  );

function startChild(): void {
  childStartedAt = Date.now();
  const c = spawn(command, args, {
    cwd: values.cwd ?? process.cwd(),
    env: process.env,
    stdio: ['ignore', logFd, logFd],
  });
  child = c;
  c.once('error', (err) => log('error', 'could not start the service', { err: err.message }));
  if (c.pid !== undefined) {
    writeAtomic(pidFile, `${c.pid}\n`);
    log('info', restarts === 0 ? 'service started' : 'service restarted', { pid: c.pid, restarts });
  }
  saveState();
  c.once('exit', (code, signal) => onExit(c, code, signal));
}

function onExit(c: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
  const uptimeMs = Date.now() - childStartedAt;
  lastExit = { code, signal, at: new Date().toISOString(), uptimeMs };
  if (child === c) child = undefined;
  rmSync(pidFile, { force: true });
  if (stopping) {
    log('info', 'service stopped', { pid: c.pid, code, signal });
    return;
  }
  // A child that stayed up long enough was healthy: the next crash starts the backoff over.
  consecutiveFailures = uptimeMs >= resetAfterMs ? 1 : consecutiveFailures + 1;
  const delayMs = Math.min(backoffMs * 2 ** (consecutiveFailures - 1), backoffMaxMs);
  restarts++;
  log('warn', 'service exited; restarting', {
    pid: c.pid,
    code,
    signal,
    uptimeMs,
    restart: restarts,
    delayMs,
    atCap: delayMs >= backoffMaxMs,
  });
  saveState();
  restartTimer = setTimeout(() => {
    restartTimer = undefined;
    if (!stopping) startChild();
  }, delayMs);
}

async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (restartTimer) clearTimeout(restartTimer);
  log('info', 'supervisor stopping', { signal });
  const c = child;
  if (c && c.exitCode === null && c.signalCode === null) {
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGTERM');
    const timedOut = await Promise.race([
      exited.then(() => false),
      new Promise<boolean>((r) => setTimeout(() => r(true), stopTimeoutMs)),
    ]);
    if (timedOut) {
      log('warn', 'service did not stop in time; killing', { pid: c.pid, stopTimeoutMs });
      c.kill('SIGKILL');
      await exited;
    }
  }
  rmSync(pidFile, { force: true });
  rmSync(ownPidFile, { force: true });
  closeSync(logFd);
  process.exit(0);
}

process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
writeAtomic(ownPidFile, `${process.pid}\n`);
startChild();
