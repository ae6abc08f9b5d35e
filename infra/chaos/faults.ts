// The faults, each injected into a running Stack while the load runs, and how each is measured:
// which instances recovered by themselves (readyz 200 again without anyone restarting them by hand;
// the supervisor's restarts are counted separately), and how long it took.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { pollUntil, sleep, type Stack, type Svc } from './stack.ts';

const run = promisify(execFile);

export interface FaultOutcome {
  fault: string;
  description: string;
  /**
   * ms from the end of the injection (or the repair of the infrastructure) until every instance was ready; null: not
   * within the bound.
   */
  recoveredAfterMs: number | null;
  notReady: string[];
  /** Restarts the supervisors made during the fault, per instance (a kill -9 needs one). */
  supervisorRestarts: Record<string, number>;
  notes: string[];
}

export interface Fault {
  name: string;
  description: string;
  inject(stack: Stack, notes: string[]): Promise<void>;
}

/** The relay's advisory-lock key (packages/messaging OutboxRelay: FNV-1a of `outbox:<service>`). */
function relayLockKey(service: string): number {
  const s = `outbox:${service}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** The pid of the process holding the relay's leader lock: pg_locks → backend's client port → ss. */
export async function relayLeaderPid(stack: Stack, svc: Svc): Promise<number | undefined> {
  const sql = postgres(stack.dbUrl[svc], { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    const rows = await sql<{ port: number }[]>`
      select a.client_port as port from pg_locks l join pg_stat_activity a on a.pid = l.pid
       where l.locktype = 'advisory' and l.granted and l.objsubid = 1 and l.objid = ${String(relayLockKey(svc) >>> 0)}::oid
         and l.database = (select oid from pg_database where datname = current_database())`;
    const port = rows[0]?.port;
    if (!port) return undefined;
    const { stdout } = await run('ss', ['-Htnp', `sport = :${port}`]);
    const m = /pid=(\d+)/.exec(stdout);
    return m ? Number(m[1]) : undefined;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

const killService = (svc: Svc): Fault => ({
  name: `kill -9 ${svc}`,
  description: `SIGKILL the ${svc} process (the pid in its pid file); its supervisor restarts it`,
  async inject(stack, notes) {
    const pid = stack.pid(svc);
    if (!pid) throw new Error(`${svc} has no pid`);
    process.kill(pid, 'SIGKILL');
    const back = await pollUntil(async () => {
      const p = stack.pid(svc);
      return p && p !== pid && p;
    }, 60_000);
    notes.push(back ? `new pid ${back}` : 'no new pid within 60 s');
  },
});

const broker: Fault = {
  name: 'kill -9 broker',
  description: 'SIGKILL the Kafka broker, 10 s down, start it again (infra/local/kafka.sh up)',
  async inject(stack, notes) {
    const pid = stack.kafkaPid();
    if (!pid) throw new Error('no kafka pid');
    process.kill(pid, 'SIGKILL');
    await sleep(10_000);
    const t0 = Date.now();
    await stack.kafka('up');
    notes.push(`broker answering ${Math.round((Date.now() - t0) / 1000)} s after restart`);
  },
};

const pgCrash: Fault = {
  name: 'postgres immediate restart',
  description:
    'pg_ctl stop -m immediate (a crash: no checkpoint), 5 s down, start it again (durable, as npm start runs it)',
  async inject(stack) {
    await stack.pgCrash();
    await sleep(5_000);
    await stack.pg('up');
  },
};

const SESSION_TIMEOUT_MS = 30_000; // packages/messaging consumer sessionTimeout
const pause = (svc: Svc): Fault => ({
  name: `SIGSTOP ${svc}`,
  description: `SIGSTOP ${svc} for ${(SESSION_TIMEOUT_MS + 10_000) / 1000} s (past its consumer session timeout: the group rebalances it out), then SIGCONT`,
  async inject(stack) {
    const pid = stack.pid(svc);
    if (!pid) throw new Error(`${svc} has no pid`);
    process.kill(pid, 'SIGSTOP');
    try {
      await sleep(SESSION_TIMEOUT_MS + 10_000);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
  },
});

const leaderKilled = (svc: Svc): Fault => ({
  name: `2 × ${svc}, leader killed`,
  description: `a second ${svc} instance (same database and group); SIGKILL whichever holds the relay lock; the other takes over`,
  async inject(stack, notes) {
    const second = `${svc}-2`;
    await stack.startInstance(second, svc);
    const bothReady = await pollUntil(async () => (await stack.ready(svc)) && (await stack.ready(second)), 120_000);
    if (!bothReady) notes.push('second instance not ready within 120 s');
    const leader = await pollUntil(() => relayLeaderPid(stack, svc), 30_000);
    if (!leader) throw new Error(`no relay leader found for ${svc}`);
    const which = leader === stack.pid(svc) ? svc : leader === stack.pid(second) ? second : `pid ${leader}`;
    process.kill(leader, 'SIGKILL');
    const t0 = Date.now();
    const next = await pollUntil(
      async () => {
        const p = await relayLeaderPid(stack, svc);
        return p && p !== leader && p;
      },
      60_000,
      100,
    );
    notes.push(
      next
        ? `leader ${which} killed; relay fail-over in ${((Date.now() - t0) / 1000).toFixed(1)} s`
        : `leader ${which} killed; no new leader within 60 s`,
    );
  },
});

export function allFaults(services: readonly Svc[]): Fault[] {
  return [
    ...services.map(killService),
    broker,
    pgCrash,
    ...(services.includes('dv-referral') ? [pause('dv-referral')] : []),
    ...services.map(leaderKilled),
  ];
}

/** Inject a fault and measure how the stack recovered by itself. */
export async function runFault(stack: Stack, fault: Fault, readyTimeoutMs: number): Promise<FaultOutcome> {
  const notes: string[] = [];
  const before = Object.fromEntries([...stack.instances.keys()].map((n) => [n, stack.restarts(n)]));
  try {
    await fault.inject(stack, notes);
  } catch (e) {
    notes.push(`injection failed: ${(e as Error).message}`);
  }
  const t0 = Date.now();
  const ok = await pollUntil(() => stack.allReady(), readyTimeoutMs, 250);
  const notReady: string[] = [];
  if (!ok) for (const n of stack.instances.keys()) if (!(await stack.ready(n))) notReady.push(n);
  const supervisorRestarts = Object.fromEntries(
    [...stack.instances.keys()]
      .map((n) => [n, stack.restarts(n) - (before[n] ?? 0)])
      .filter(([, d]) => (d as number) > 0),
  );
  return {
    fault: fault.name,
    description: fault.description,
    recoveredAfterMs: ok ? Date.now() - t0 : null,
    notReady,
    supervisorRestarts,
    notes,
  };
}
