// npm run bench — the project's paths and their ceiling, measured side by side in one run on the
// same Postgres and Kafka (the local infrastructure; started with infra/local/up.sh if down).
//
//   1. ceiling: pgbench commits the rows intake commits for one case (copied from a real case:
//      same tables, same sizes, one transaction, the outbox NOTIFY) at intake's concurrency;
//   2. intake POST /cases over HTTP (autocannon; JWT, validation, encryption, blind index, outbox,
//      audit), intake running as its own process; then at half that rate for the latency;
//   3. end to end: intake's 201 → the case's first entry readable in case-timeline (its own
//      process) at a fixed offered rate;
//   4. the timeline projection's live rate, and a full rebuild from offset zero;
//   5. dv-referral applying intake's referral requests (its own process).
// Prints a table and writes .local/bench/<time>.json. Options: --help.
import { execFileSync, spawnSync } from 'node:child_process';
import { Agent, request } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { pino } from 'pino';
import postgres from 'postgres';
import { topicOf, type LinkageEvent } from '@linkage/contracts';
import { ensureDatabase, runMigrations } from '@linkage/db';
import { createKafka, createProducer, deleteTopicsWithPrefix, ensureTopics } from '@linkage/messaging';
// Not the @linkage/testing barrel: its helpers import vitest, which only runs under the vitest runner.
import { REPO_ROOT } from '../../packages/testing/src/infra.ts';
import { startService, type RunningService } from '../../packages/testing/src/processes.ts';
import { serviceEnv, tokenFor } from '../../packages/testing/src/tokens.ts';
import { dvCaseEvents, referralRequestedEvent } from '../../packages/testing/src/events.ts';
import { CHECKLIST_ITEM_IDS } from '../../services/intake/src/domain/risk/checklist.ts';
import { timelineConfig } from '../../services/case-timeline/src/config.ts';
import { rebuild } from '../../services/case-timeline/src/application/rebuild.ts';

const { values: opt } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '15' },
    rate: { type: 'string', default: '200' },
    'e2e-seconds': { type: 'string', default: '10' },
    'timeline-cases': { type: 'string', default: '4000' },
    'dv-events': { type: 'string', default: '6000' },
    keep: { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
    only: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (opt.help) {
  console.log(
    'npm run bench -- [--concurrency 16] [--seconds 15] [--rate 200] [--e2e-seconds 10] [--timeline-cases 4000] [--dv-events 6000] [--keep] [--cpu-prof] [--only intake|e2e]\n' +
      '  --only intake: the ceiling and intake only (a quick look at one change)\n' +
      '  --only e2e: end to end only, offered at --rate (no ceiling, no intake maximum)\n' +
      '  --cpu-prof: each service process writes a V8 CPU profile (node --cpu-prof) to .local/bench/profiles/<run>/<service>/ when it stops',
  );
  process.exit(0);
}
if (opt.only !== undefined && opt.only !== 'intake' && opt.only !== 'e2e') {
  console.error(`--only: "${opt.only}" is not a part the bench can run alone (intake, e2e)`);
  process.exit(2);
}
const C = Number(opt.concurrency);
const SECONDS = Number(opt.seconds);
const RATE = Number(opt.rate);
const E2E_SECONDS = Number(opt['e2e-seconds']);
const adminUrl = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:15432/postgres';
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
const logger = pino({ level: 'warn' });
const sfx = randomBytes(3).toString('hex');
const startedAt = new Date();
const machine = () => ({
  nproc: cpus().length,
  cpu: cpus()[0]?.model,
  loadavg: loadavg().map((l) => Number(l.toFixed(2))),
});
const machineAtStart = machine();
const step = (s: string) => console.error(`[bench ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s] ${s}`);

// ---------------------------------------------------------------- infrastructure
async function pgAnswers(): Promise<boolean> {
  const sql = postgres(adminUrl, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}
if (!(await pgAnswers())) {
  step('Postgres does not answer: starting the local infrastructure (infra/local/up.sh)');
  execFileSync('bash', [resolve(REPO_ROOT, 'infra/local/up.sh')], { stdio: 'inherit' });
}
function pgbenchPath(): string {
  const found = spawnSync(
    'sh',
    ['-c', 'command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | tail -1'],
    { encoding: 'utf8' },
  ).stdout.trim();
  if (found) return found.split('\n')[0]!;
  step('pgbench missing: installing postgresql-contrib with apt');
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  execFileSync(
    sudo[0] ?? 'apt-get',
    [...sudo.slice(1), ...(sudo.length ? ['apt-get'] : []), 'install', '-y', 'postgresql-contrib'],
    { stdio: 'inherit' },
  );
  return pgbenchPath();
}
const PGBENCH = pgbenchPath();

const dbs: string[] = [];
async function freshDb(label: string): Promise<string> {
  const name = `bench_${label}_${sfx}`;
  dbs.push(name);
  return ensureDatabase(adminUrl, name);
}
const kafka = createKafka({ brokers, clientId: 'bench', logger });
/** Topic creation waits for leaders; a loaded broker may answer "not hosted" meanwhile: try again (bounded). */
async function topicsFor(p: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      await ensureTopics(kafka, p);
      return;
    } catch (err) {
      if (attempt >= 10) throw err;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}
const prefix = `bench${sfx}.`;
await topicsFor(prefix);
const services: RunningService[] = [];
const profileDir = resolve(REPO_ROOT, '.local/bench/profiles', startedAt.toISOString().replace(/[:.]/g, '-'));
/** With --cpu-prof, the service's Node.js writes a CPU profile when it exits (open it in Chrome DevTools). */
const profiling = (name: string): Record<string, string> =>
  opt['cpu-prof']
    ? {
        NODE_OPTIONS: `--import=${resolve(REPO_ROOT, 'infra/bench/cpu-profile.mjs')}`,
        LINKAGE_CPU_PROF_DIR: join(profileDir, name),
      }
    : {};
const start = async (name: string, dbUrl: string, topicPrefix: string, extra: Record<string, string> = {}) => {
  const svc = await startService(
    name,
    {
      ...serviceEnv({
        databaseUrl: dbUrl,
        brokers,
        topicPrefix,
        extra: { LOG_LEVEL: 'warn', ...profiling(name), ...extra },
      }),
    },
    180_000,
  );
  services.push(svc);
  return svc;
};
const stop = async (svc: RunningService) => {
  await svc.kill('SIGTERM');
  services.splice(services.indexOf(svc), 1);
};
async function cleanup() {
  // SIGTERM: tsx passes it on to the service (a SIGKILL would leave the service itself running)
  for (const s of [...services]) await s.kill('SIGTERM').catch(() => {});
  if (opt.keep) return;
  // every topic of this run starts with bench<sfx> (a broker that lives for days would keep them all)
  await deleteTopicsWithPrefix(kafka, `bench${sfx}`).catch(() => {});
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  for (const d of dbs) await sql.unsafe(`drop database if exists ${d} with (force)`).catch(() => {});
  await sql.end({ timeout: 5 });
}
process.on('SIGINT', () => void cleanup().finally(() => process.exit(130)));
// On any exit (a failure included) no service process outlives the bench; the databases stay for a look.
process.on('exit', () => {
  for (const s of services) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGTERM');
});

const percentile = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const until = async (what: string, probe: () => Promise<boolean>, timeoutMs: number, everyMs = 20) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`bench: timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
};

/** CPU seconds (user + system) a process and its descendants have used so far (Linux /proc; NaN elsewhere). */
function cpuSecondsOf(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const stats = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map((d) => {
        try {
          // fields after the command name: state ppid … utime(14) stime(15), in clock ticks (100 a second)
          const f = readFileSync(`/proc/${d}/stat`, 'utf8')
            .replace(/^.*\) /, '')
            .split(' ');
          return { pid: Number(d), ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
        } catch {
          return undefined; // exited meanwhile
        }
      })
      .filter((x) => x !== undefined);
    const tree = new Set([pid]);
    for (let grew = true; grew;) {
      grew = false;
      for (const p of stats) if (tree.has(p.ppid) && !tree.has(p.pid)) grew = tree.add(p.pid) !== undefined;
    }
    return stats.filter((p) => tree.has(p.pid)).reduce((a, p) => a + p.ticks, 0) / 100;
  } catch {
    return NaN;
  }
}

/** Every process's CPU ticks (user + system) now, with its command name and its parent (Linux /proc). */
function processTicks(): { pid: number; ppid: number; comm: string; ticks: number; reaped: number }[] {
  const out: { pid: number; ppid: number; comm: string; ticks: number; reaped: number }[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const raw = readFileSync(`/proc/${d}/stat`, 'utf8');
      const comm = raw.slice(raw.indexOf('(') + 1, raw.lastIndexOf(')'));
      const f = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
      // utime + stime, and cutime + cstime: what its children that exited (and were waited for) used
      const [ppid, utime, stime, cutime, cstime] = [f[1], f[11], f[12], f[13], f[14]].map(Number) as number[];
      out.push({ pid: Number(d), ppid: ppid!, comm, ticks: utime! + stime!, reaped: cutime! + cstime! });
    } catch {
      // exited meanwhile
    }
  }
  return out;
}
/** The machine's busy and total CPU ticks so far (all cores; /proc/stat's first line). */
function machineTicks(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - f[3]! - f[4]!, total };
}
/**
 * Where the machine's CPU went over a window: the whole machine's busy share (100 % = every core), and each part's
 * CPU in % of ONE core: the named services (each with its descendants), Postgres (every `postgres` process), Kafka
 * (the `java` processes) and this bench process (its load generator and poller). NaN where /proc is not there.
 */
function cpuWindow(parts: Record<string, number | undefined>) {
  const take = () => {
    try {
      return { at: performance.now(), machine: machineTicks(), procs: processTicks(), bench: process.cpuUsage() };
    } catch {
      return undefined;
    }
  };
  type Snapshot = NonNullable<ReturnType<typeof take>>;
  const start = take();
  return () => {
    const end = take();
    if (!start || !end) return { machineBusyPct: NaN, oneCorePct: {} as Record<string, number> };
    const seconds = (end.at - start.at) / 1000;
    const ticksOf = (snap: Snapshot, pick: (p: Snapshot['procs'][number]) => boolean) =>
      snap.procs.filter(pick).reduce((a, p) => a + p.ticks, 0);
    const treeOf = (root: number) => {
      const tree = new Set([root]);
      for (let grew = true; grew;) {
        grew = false;
        for (const p of end.procs) if (tree.has(p.ppid) && !tree.has(p.pid)) grew = tree.add(p.pid) !== undefined;
      }
      return tree;
    };
    const pct = (ticks: number) => Number(((ticks / 100 / seconds) * 100).toFixed(1));
    const oneCorePct: Record<string, number> = {};
    for (const [name, pid] of Object.entries(parts)) {
      if (pid === undefined) continue;
      const tree = treeOf(pid);
      oneCorePct[name] = pct(ticksOf(end, (p) => tree.has(p.pid)) - ticksOf(start, (p) => tree.has(p.pid)));
    }
    // Postgres's backends come and go (a connection's process exits with it): the postmaster's reaped children count
    const postgresTicks = (snap: Snapshot) => {
      const pg = snap.procs.filter((p) => p.comm === 'postgres');
      const pids = new Set(pg.map((p) => p.pid));
      return pg.reduce((a, p) => a + p.ticks + (pids.has(p.ppid) ? 0 : p.reaped), 0);
    };
    oneCorePct.postgres = pct(postgresTicks(end) - postgresTicks(start));
    oneCorePct.kafka = pct(ticksOf(end, (p) => p.comm === 'java') - ticksOf(start, (p) => p.comm === 'java'));
    const b = process.cpuUsage(start.bench);
    oneCorePct.bench = Number((((b.user + b.system) / 1e6 / seconds) * 100).toFixed(1));
    const busy = end.machine.busy - start.machine.busy;
    const total = end.machine.total - start.machine.total;
    return { machineBusyPct: Number(((100 * busy) / Math.max(1, total)).toFixed(1)), oneCorePct };
  };
}

const cpuText = (c: ReturnType<ReturnType<typeof cpuWindow>>) =>
  `machine ${c.machineBusyPct}% busy (of one core: ${Object.entries(c.oneCorePct)
    .map(([k, v]) => `${k} ${v}%`)
    .join(', ')})`;

/** A figure for the table and the log: `—` when not measured. */
const f = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '—');

// ---------------------------------------------------------------- the request
/**
 * The district's hotline operators: each request comes from one of them in turn. Intake limits each caller to
 * RATE_LIMIT_MAX requests a minute (1,200), as in production; one token would be refused (429) after 1,200 cases.
 */
const OPERATORS = Array.from({ length: 200 }, (_, i) => ({
  authorization: `Bearer ${tokenFor('hotline_operator', 'wf:district', { sub: `bench-operator-${i}` })}`,
  'content-type': 'application/json',
}));
let turn = 0;
const operator = () => OPERATORS[turn++ % OPERATORS.length]!;
const streets = ['xinqi', 'daqi', 'xiaogang', 'xiapu', 'chaiqiao'] as const;
const run = randomBytes(2).readUInt16BE() % 9000; // distinct phones per run, so no case matches another run's
let seq = 0;
/** A DV case by phone, with risk answers and consent (⇒ case.opened + 2 referral requests), a victim nobody else is. */
function caseBody() {
  const i = seq++;
  return JSON.stringify({
    channel: 'hotline_12338',
    category: 'domestic_violence',
    caller: { anonymous: false, relation: 'self', safeToCallBack: true, safeTime: '工作日上午' },
    victim: {
      name: `测试${run}${i}`,
      sex: 'female',
      birthYear: 1970 + (i % 40),
      phone: `13${String(run).padStart(4, '0')}${String(i % 100000).padStart(5, '0')}`,
      street: streets[i % streets.length],
    },
    perpetrator: { relation: 'spouse' },
    incident: { violenceTypes: ['physical', 'threats'], description: '模拟事件描述' },
    needs: ['dv_protection', 'legal_aid'],
    risk: { yes: CHECKLIST_ITEM_IDS.slice(0, i % 20) },
    consent: { police: true, legal_aid: true },
    narrative: '模拟叙述'.repeat(20),
  });
}

// ---------------------------------------------------------------- 1 + 2: intake and its ceiling
step('starting intake');
const intakeDb = await freshDb('intake');
const intake = await start('intake', intakeDb, prefix);
const intakeSql = postgres(intakeDb, { max: 4, onnotice: () => {} });
for (let i = 0; i < 20; i++) {
  const res = await fetch(`${intake.url}/cases`, { method: 'POST', headers: operator(), body: caseBody() });
  if (res.status !== 201) throw new Error(`warm-up POST /cases: ${res.status} ${await res.text()}`);
}
const [{ id: sampleCase } = { id: '' }] = await intakeSql<
  { id: string }[]
>`select id from cases order by opened_at desc limit 1`;

/**
 * The rows one case wrote, table by table (found by the case id in any column), as JSON, columns without their
 * defaults.
 */
async function rowsOfOneCase(caseId: string) {
  const tables = await intakeSql<{ table_name: string }[]>`
    select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`;
  const out: { table: string; columns: { name: string; type: string }[]; rows: Record<string, unknown>[] }[] = [];
  for (const { table_name: t } of tables) {
    const cols = await intakeSql<{ name: string; type: string; generated: boolean }[]>`
      select column_name as name, data_type as type,
             (coalesce(column_default, '') like 'nextval(%' or is_identity = 'YES' or is_generated = 'ALWAYS') as generated
      from information_schema.columns where table_schema = 'public' and table_name = ${t} order by ordinal_position`;
    const keyCols = cols.filter(
      (c) => (c.type === 'uuid' || c.type === 'text') && ['id', 'case_id', 'entity_id', 'key'].includes(c.name),
    );
    if (keyCols.length === 0) continue;
    const where = keyCols.map((c) => `${c.name}::text = $1`).join(' or ');
    const rows = await intakeSql.unsafe<{ j: Record<string, unknown> }[]>(
      `select to_jsonb(t) as j from ${t} t where ${where}`,
      [caseId],
    );
    if (rows.length > 0) out.push({ table: t, columns: cols.filter((c) => !c.generated), rows: rows.map((r) => r.j) });
  }
  return out;
}
// in intake's order (the case first: the others reference it)
const ORDER = [
  'cases',
  'blind_indexes',
  'duplicate_suggestions',
  'referral_requests',
  'risk_assessments',
  'audit_log',
  'outbox',
];
const rank = (t: string) => (ORDER.includes(t) ? ORDER.indexOf(t) : ORDER.length);
const written = (await rowsOfOneCase(sampleCase)).sort((a, b) => rank(a.table) - rank(b.table));
const [{ case_number: sampleNumber } = { case_number: '' }] = await intakeSql<
  { case_number: string }[]
>`select case_number from cases where id = ${sampleCase}`;

/**
 * A pgbench script committing those rows for a new case: fresh ids, same values and sizes, one statement per row, the
 * NOTIFY.
 */
function pgbenchScript(): string {
  const lines: string[] = [];
  let u = 0;
  const fresh = () => {
    const n = u++;
    lines.unshift(`\\set bx_a${n} random(1, 9007199254740991)`, `\\set bx_b${n} random(1, 9007199254740991)`);
    return `(lpad(to_hex(:bx_a${n}::bigint), 16, '0') || lpad(to_hex(:bx_b${n}::bigint), 16, '0'))::uuid`;
  };
  const cid = fresh();
  lines.push('BEGIN;');
  for (const t of written) {
    for (const row of t.rows) {
      const over: string[] = [];
      for (const c of t.columns) {
        const v = row[c.name];
        if (v === sampleCase) over.push(`'${c.name}', ${cid}`);
        else if (v === sampleNumber) over.push(`'${c.name}', 'BN-' || nextval('case_number_seq')`);
        else if (c.type === 'uuid' && typeof v === 'string' && c.name !== 'case_id')
          over.push(`'${c.name}', ${fresh()}`);
      }
      // base64: pgbench would take the JSON's colons (":null") for its variables
      const json = Buffer.from(JSON.stringify(row)).toString('base64');
      const names = t.columns.map((c) => c.name).join(', ');
      lines.push(
        `insert into ${t.table} (${names}) select ${names} from jsonb_populate_record(null::${t.table}, convert_from(decode('${json}', 'base64'), 'utf8')::jsonb || jsonb_build_object(${over.join(', ')}));`,
      );
    }
  }
  lines.push(`select pg_notify('outbox', '');`, 'END;');
  return lines.join('\n') + '\n';
}
const script = pgbenchScript();
const scriptFile = join(tmpdir(), `linkage-bench-${sfx}.sql`);
writeFileSync(scriptFile, script);
const ceilingDb = await freshDb('ceiling');
await runMigrations(ceilingDb, resolve(REPO_ROOT, 'services/intake/drizzle'));
const hasSeq = await postgres(ceilingDb, {
  max: 1,
  onnotice: () => {},
})`select 1 from pg_class where relname = 'case_number_seq'`;
if (hasSeq.length === 0) throw new Error('bench: intake has no case_number_seq (the pgbench script uses it)');

function pgbench(seconds: number, clients = C): { tps: number; latencyMs: number; out: string } {
  const u = new URL(ceilingDb);
  const length = seconds > 0 ? ['-T', String(seconds)] : ['-t', '1'];
  const r = spawnSync(
    PGBENCH,
    [
      '-n',
      '-M',
      'prepared',
      '-c',
      String(clients),
      '-j',
      String(Math.min(clients, cpus().length)),
      ...length,
      '-f',
      scriptFile,
      '-h',
      u.hostname,
      '-p',
      u.port,
      '-U',
      u.username || 'postgres',
      u.pathname.slice(1),
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, PGPASSWORD: decodeURIComponent(u.password) },
    },
  );
  const out = `${r.stdout}\n${r.stderr}`;
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1];
  if (r.status !== 0 || !tps)
    throw new Error(`pgbench failed (${r.status}):\n${out.slice(-3000)}\nscript:\n${script.slice(0, 3000)}`);
  return { tps: Number(tps), latencyMs: Number(/latency average = ([\d.]+) ms/.exec(out)?.[1] ?? NaN), out };
}
/** --only e2e: no ceiling and no intake maximum; end to end is offered at --rate. */
const e2eOnly = opt.only === 'e2e';
if (!e2eOnly)
  step(`ceiling: pgbench, ${written.map((t) => `${t.table}×${t.rows.length}`).join(' ')}, -c ${C}, ${SECONDS} s`);
if (!e2eOnly) pgbench(0, 1); // one transaction first: a script error fails fast
const ceiling = e2eOnly ? { tps: NaN, latencyMs: NaN, out: '' } : pgbench(SECONDS);
if (!e2eOnly) step(`ceiling: ${ceiling.tps.toFixed(0)} transactions/s`);

type Cannon = {
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  total: number;
  /** Responses by HTTP status: the latencies above are of every response, so a run with errors is not a result. */
  statuses: Record<string, number>;
  seconds: number;
  /** CPU milliseconds the intake process used per 2xx response during the run. */
  cpuMsPerCase: number;
};
/**
 * POST over node:http with a bounded keep-alive pool. The global fetch (undici) first used here wedged at ~200/s:
 * it opened 256 sockets to intake and wrote no request on 201 of them (intake had read 0 bytes on each; its own
 * Postgres pool idle), so every in-flight case waited for intake's 60 s header timeout (408).
 */
const httpAgent = new Agent({ keepAlive: true, maxSockets: 64 });
function postCase(
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolveRes, reject) => {
    const req = request(
      url,
      { method: 'POST', agent: httpAgent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolveRes({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('no response within 30 s')));
    req.on('error', reject);
    req.end(body);
  });
}
async function cannon(seconds: number, overallRate?: number): Promise<Cannon> {
  const cpu0 = cpuSecondsOf(intake.child.pid);
  const result = await autocannon({
    url: intake.url,
    connections: C,
    duration: seconds,
    ...(overallRate ? { overallRate } : {}),
    requests: [
      {
        method: 'POST',
        path: '/cases',
        setupRequest: (req: autocannon.Request) => ({ ...req, headers: operator(), body: caseBody() }),
      },
    ],
  });
  const ok = result['2xx'];
  return {
    rps: ok / seconds,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    total: result.requests.total,
    statuses: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count ?? 0])),
    seconds,
    cpuMsPerCase: ((cpuSecondsOf(intake.child.pid) - cpu0) * 1000) / ok,
  };
}
/**
 * Intake at a steady `rate`: request i is sent at i / rate seconds from the start, whatever came back before, and its
 * latency is counted from that time, so a generator that fell behind counts against the service, not for it
 * (coordinated omission). This, not autocannon's `overallRate`, is "at half that rate": autocannon sends on every
 * connection as fast as responses come until the second's quota is used, then waits for the next second, so each
 * second starts with a burst at full speed (node_modules/autocannon/lib/httpClient.js, `reqsMadeThisSecond`).
 */
async function paced(seconds: number, rate: number): Promise<Cannon & { sendLagP99Ms: number; notSent: number }> {
  const cpu0 = cpuSecondsOf(intake.child.pid);
  const latencies: number[] = [];
  const lags: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let notSent = 0;
  let inFlight = 0;
  let sent = 0;
  const total = Math.round(seconds * rate);
  const t0 = performance.now();
  const dueOf = (i: number) => t0 + (i * 1000) / rate;
  const sends: Promise<void>[] = [];
  await new Promise<void>((done) => {
    const tick = () => {
      while (sent < total && dueOf(sent) <= performance.now()) {
        const due = dueOf(sent++);
        if (inFlight >= 256) {
          notSent++;
          continue;
        }
        inFlight++;
        lags.push(performance.now() - due);
        sends.push(
          postCase(`${intake.url}/cases`, operator(), caseBody())
            .then(
              (res) => void (statuses[res.status] = (statuses[res.status] ?? 0) + 1),
              () => void errors++,
            )
            .finally(() => {
              latencies.push(performance.now() - due);
              inFlight--;
            }),
        );
      }
      if (sent >= total) done();
      else setTimeout(tick, Math.max(0, dueOf(sent) - performance.now()));
    };
    tick();
  });
  await Promise.all(sends);
  const ok = statuses['201'] ?? 0;
  const answered = Object.values(statuses).reduce((a, n) => a + n, 0);
  return {
    rps: ok / seconds,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: percentile(latencies, 100),
    non2xx: answered - ok,
    errors: errors + notSent,
    total,
    statuses,
    seconds,
    cpuMsPerCase: ((cpuSecondsOf(intake.child.pid) - cpu0) * 1000) / ok,
    sendLagP99Ms: percentile(lags, 99),
    notSent,
  };
}
/** What a service's /metrics says (prom-client text format): its own request latency, GC pauses, event-loop delay. */
interface ServerView {
  requests: number;
  over50: number;
  gcOver10: number;
  gcOver100: number;
  loopP99Ms: number;
  loopMaxMs: number;
}
async function serverView(url: string): Promise<ServerView> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const samples = [...text.matchAll(/^(\w+)(?:\{([^}]*)\})? (\S+)$/gm)].map(([, name, labels, value]) => ({
    name: name!,
    labels: Object.fromEntries([...(labels ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k!, v!])),
    value: Number(value),
  }));
  const sum = (name: string, where: (l: Record<string, string>) => boolean) =>
    samples.filter((x) => x.name === name && where(x.labels)).reduce((a, x) => a + x.value, 0);
  const cases = (l: Record<string, string>) => l.method === 'POST' && l.route === '/cases';
  const requests = sum('linkage_http_request_duration_seconds_count', cases);
  const gcAll = sum('linkage_nodejs_gc_duration_seconds_count', () => true);
  return {
    requests,
    over50: requests - sum('linkage_http_request_duration_seconds_bucket', (l) => cases(l) && l.le === '0.05'),
    gcOver10: gcAll - sum('linkage_nodejs_gc_duration_seconds_bucket', (l) => l.le === '0.01'),
    gcOver100: gcAll - sum('linkage_nodejs_gc_duration_seconds_bucket', (l) => l.le === '0.1'),
    // prom-client resets its event-loop histogram at each scrape: these cover the time since the last one
    loopP99Ms: sum('linkage_nodejs_eventloop_lag_p99_seconds', () => true) * 1000,
    loopMaxMs: sum('linkage_nodejs_eventloop_lag_max_seconds', () => true) * 1000,
  };
}
/** The counts between two scrapes (the event-loop figures are the later scrape's own). */
const since = (a: ServerView, b: ServerView): ServerView => ({
  ...b,
  requests: b.requests - a.requests,
  over50: b.over50 - a.over50,
  gcOver10: b.gcOver10 - a.gcOver10,
  gcOver100: b.gcOver100 - a.gcOver100,
});
const notRun = (): Cannon => ({
  rps: NaN,
  p50: NaN,
  p90: NaN,
  p99: NaN,
  max: NaN,
  non2xx: 0,
  errors: 0,
  total: 0,
  statuses: {},
  seconds: 0,
  cpuMsPerCase: NaN,
});
if (!e2eOnly) step(`intake: POST /cases at concurrency ${C} for ${SECONDS} s`);
const intakeMax = e2eOnly ? notRun() : await cannon(SECONDS);
if (!e2eOnly)
  step(
    `intake: ${intakeMax.rps.toFixed(0)} cases/s (${(intakeMax.rps / ceiling.tps).toFixed(3)} of the ceiling), ` +
      `p99 ${intakeMax.p99} ms, ${intakeMax.cpuMsPerCase.toFixed(2)} ms of intake's CPU per case`,
  );
const half = e2eOnly ? RATE : Math.max(1, Math.floor(intakeMax.rps / 2));
if (!e2eOnly)
  step(`intake: at half that rate (${half}/s, paced: one request every ${f(1000 / half, 1)} ms) for ${SECONDS} s`);
const halfServer0 = e2eOnly ? undefined : await serverView(intake.url);
const halfCpu = cpuWindow({ intake: intake.child.pid });
const intakeHalf = e2eOnly ? { ...notRun(), sendLagP99Ms: NaN, notSent: 0 } : await paced(SECONDS, half);
const halfCpuUsed = halfCpu();
const halfServer = halfServer0 && since(halfServer0, await serverView(intake.url));
if (halfServer)
  step(
    `intake at half rate: p50 ${f(intakeHalf.p50, 1)} ms, p99 ${f(intakeHalf.p99, 1)} ms (the generator sent ` +
      `p99 ${f(intakeHalf.sendLagP99Ms, 1)} ms late); its own view: ${halfServer.over50} of ${halfServer.requests} ` +
      `POST /cases answered in over 50 ms; GC pauses of 10 ms or more: ${halfServer.gcOver10}, ` +
      `of 100 ms or more: ${halfServer.gcOver100}; event-loop delay p99 ${halfServer.loopP99Ms.toFixed(1)} ms, ` +
      `max ${halfServer.loopMaxMs.toFixed(1)} ms; ${cpuText(halfCpuUsed)}`,
  );
/** The same rate as autocannon's `overallRate` offers it (a burst at full speed at the start of every second). */
if (!e2eOnly) step(`intake: at half that rate in autocannon's bursts for ${SECONDS} s (for comparison)`);
const intakeHalfBursts = e2eOnly ? notRun() : await cannon(SECONDS, half);
if (!e2eOnly) step(`intake at half rate in bursts: p50 ${intakeHalfBursts.p50} ms, p99 ${intakeHalfBursts.p99} ms`);
if (e2eOnly) {
  // as warm as in a full run (the JIT has seen the request before it is timed)
  step(`intake: warming up at ${RATE}/s for 10 s`);
  await cannon(10, RATE);
}
// every acknowledged case reached Kafka (the relay kept up): the outbox drains
await until(
  'intake relay to publish the outbox',
  async () =>
    (await intakeSql<{ n: number }[]>`select count(*)::int as n from outbox where published_at is null`)[0]!.n === 0,
  120_000,
  100,
);
const intakeCases = (await intakeSql<{ n: number }[]>`select count(*)::int as n from cases`)[0]!.n;
if (opt.only === 'intake') {
  await cleanup();
  process.exit(0);
}

// ---------------------------------------------------------------- 3: end to end
step('starting case-timeline (same topics as intake)');
const timelineDb = await freshDb('timeline');
const timeline = await start('case-timeline', timelineDb, prefix, { SCHEDULER_ENABLED: 'false' });
const timelineSql = postgres(timelineDb, { max: 2, onnotice: () => {} });
await until(
  'the timeline to catch up with the cases already written',
  async () =>
    (await timelineSql<{ n: number }[]>`select count(distinct case_id)::int as n from timeline_entries`)[0]!.n >=
    intakeCases,
  300_000,
  200,
);
// The offered rate: the one asked for, or what intake sustains here (half its measured maximum) if less.
const E2E_RATE = Math.max(1, Math.min(RATE, half));
step(
  `end to end: offering ${E2E_RATE} cases/s for ${E2E_SECONDS} s (201 → first timeline entry readable; ${RATE}/s asked)`,
);
/**
 * Offer `rate` cases/s for `seconds` to intake over HTTP and time each from its 201 to its first timeline entry, with
 * where the time went (relay, projection) and where the machine's CPU went meanwhile.
 */
async function endToEnd(rate: number, seconds: number) {
  const acked = new Map<string, number>(); // caseId → time of the 201
  /** caseId → the 201's wall-clock time (ms since the epoch, sub-millisecond), compared with Postgres's commit times */
  const ackedWall = new Map<string, number>();
  const e2eCases: string[] = [];
  const e2eMs: number[] = [];
  /**
   * With track_commit_timestamp on, when an entry became readable is its transaction's commit time: exact, and a
   * poller every 2 ms (a statement and a wake-up of Postgres each time, on the same two cores) is not needed. Without
   * it, the poller's time is the measure.
   */
  const commitTimes =
    (await timelineSql<{ on: string }[]>`select current_setting('track_commit_timestamp') as on`)[0]!.on === 'on';
  const pollMs = commitTimes ? 20 : 2;
  let offered = 0;
  let e2eFailures = 0;
  /** Why requests failed (status and problem type, or the client's error) and the slowest failure's time. */
  const e2eFailureReasons: Record<string, { count: number; maxMs: number }> = {};
  const failed = (reason: string, ms: number) => {
    e2eFailures++;
    const r = (e2eFailureReasons[reason] ??= { count: 0, maxMs: 0 });
    r.count++;
    r.maxMs = Math.max(r.maxMs, Math.round(ms));
  };
  let inFlight = 0;
  let skipped = 0;
  const inFlightCap = 256;
  let watching = true;
  const watcher = (async () => {
    // One poller for all cases (resolution ≈ its loop time, reported): what the timeline's API reads.
    while (watching || acked.size > 0) {
      const ids = [...acked.keys()];
      if (ids.length > 0) {
        const seen = await timelineSql<
          { case_id: string }[]
        >`select distinct case_id from timeline_entries where case_id = any(${ids}::uuid[])`;
        const now = performance.now();
        for (const r of seen) {
          const t = acked.get(r.case_id);
          if (t !== undefined) {
            e2eMs.push(now - t);
            acked.delete(r.case_id);
          }
        }
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
  })();
  const cpuUsed = cpuWindow({ intake: intake.child.pid, timeline: timeline.child.pid });
  const e2eT0 = performance.now();
  const totalToOffer = rate * seconds;
  const sends: Promise<void>[] = [];
  await new Promise<void>((done) => {
    const tick = () => {
      const due = Math.min(totalToOffer, Math.floor(((performance.now() - e2eT0) / 1000) * rate) + 1);
      while (offered < due) {
        offered++;
        if (inFlight >= inFlightCap) {
          skipped++;
          continue;
        }
        inFlight++;
        const sentAt = performance.now();
        sends.push(
          postCase(`${intake.url}/cases`, operator(), caseBody())
            .then((res) => {
              const t = performance.now();
              const body = JSON.parse(res.body) as { id?: string; type?: string };
              if (res.status === 201 && body.id) {
                acked.set(body.id, t);
                ackedWall.set(body.id, performance.timeOrigin + t);
                e2eCases.push(body.id);
              } else failed(`${res.status} ${body.type ?? ''}`, performance.now() - sentAt);
            })
            .catch((err: unknown) =>
              failed(String((err as Error).cause ?? err).slice(0, 120), performance.now() - sentAt),
            )
            .finally(() => void inFlight--),
        );
      }
      if (offered >= totalToOffer) done();
      // wake when the next case is due (case n + 1 at n / rate s), not every millisecond: the load generator shares
      // the two cores it measures
      else setTimeout(tick, Math.max(0, e2eT0 + (offered * 1000) / rate - performance.now()));
    };
    tick();
  });
  await Promise.all(sends);
  const e2eSendSeconds = (performance.now() - e2eT0) / 1000;
  const pendingAtEnd = acked.size;
  await until('every acknowledged case on the timeline', async () => acked.size === 0, 300_000, 50);
  watching = false;
  await watcher;
  /**
   * Where the end-to-end time goes, from the databases' own clock (one server): intake's write (its outbox row's
   * created_at: the start of the one statement that commits the case) → the relay marking case.opened published (after
   * Kafka's ack) → the case's first timeline entry recorded.
   */
  async function e2eStages(ids: string[]) {
    const published = new Map(
      (
        await intakeSql<{ case_id: string; relay_ms: number; published_at: Date }[]>`
          select payload->'data'->>'caseId' as case_id, published_at,
            extract(epoch from published_at - created_at) * 1000 as relay_ms
          from outbox where type = 'intake.case.opened.v1' and payload->'data'->>'caseId' = any(${ids})`
      ).map((r) => [r.case_id, r]),
    );
    const recorded = await timelineSql<{ case_id: string; at: Date }[]>`
      select case_id, min(recorded_at) as at from timeline_entries where case_id = any(${ids}::uuid[]) group by case_id`;
    const relay: number[] = [];
    const project: number[] = [];
    for (const r of recorded) {
      const p = published.get(r.case_id);
      if (!p) continue;
      relay.push(Number(p.relay_ms));
      project.push(r.at.getTime() - p.published_at.getTime());
    }
    return {
      commitToPublishedMs: { p50: percentile(relay, 50), p99: percentile(relay, 99) },
      publishedToProjectedMs: { p50: percentile(project, 50), p99: percentile(project, 99) },
    };
  }
  /** From each 201 to the commit of the case's first timeline entry (Postgres's clock: the same host's wall clock). */
  async function e2eByCommitTime(ids: string[]): Promise<number[]> {
    const rows = await timelineSql<{ case_id: string; committed_ms: number | null }[]>`
      select case_id, extract(epoch from min(pg_xact_commit_timestamp(xmin))) * 1000 as committed_ms
      from timeline_entries where case_id = any(${ids}::uuid[]) group by case_id`;
    // a commit time Postgres no longer has (frozen, or from before the setting) is left out, not taken as 0
    return rows.filter((r) => r.committed_ms !== null).map((r) => Number(r.committed_ms) - ackedWall.get(r.case_id)!);
  }
  const polledMs = e2eMs;
  const byCommit = commitTimes ? await e2eByCommitTime(e2eCases) : polledMs;
  return {
    askedPerS: RATE,
    measuredBy: commitTimes ? 'commit time of the first entry (track_commit_timestamp)' : 'a poller every 2 ms',
    offeredPerS: rate,
    seconds,
    cpu: cpuUsed(),
    acknowledged: e2eMs.length,
    achievedPerS: e2eMs.length / e2eSendSeconds,
    notSentInFlightCap: skipped,
    failures: e2eFailures,
    failureReasons: e2eFailureReasons,
    p50: percentile(byCommit, 50),
    p90: percentile(byCommit, 90),
    p99: percentile(byCommit, 99),
    max: percentile(byCommit, 100),
    /** What a reader polling every `pollMs` saw (its resolution and its own statement's time included). */
    polled: { everyMs: pollMs, p50: percentile(polledMs, 50), p99: percentile(polledMs, 99) },
    pendingWhenOfferEnded: pendingAtEnd,
    stages: await e2eStages(e2eCases),
  };
}
type EndToEnd = Awaited<ReturnType<typeof endToEnd>>;
function reportEndToEnd(e: EndToEnd) {
  step(
    `end to end at ${e.offeredPerS}/s (${e.measuredBy}): p50 ${e.p50.toFixed(1)} ms, p99 ${e.p99.toFixed(1)} ms over ${e.acknowledged} cases (${e.achievedPerS.toFixed(0)}/s achieved); ` +
      `seen by a poller every ${e.polled.everyMs} ms p50 ${e.polled.p50.toFixed(1)}, p99 ${e.polled.p99.toFixed(1)}; ` +
      `commit → published p50 ${e.stages.commitToPublishedMs.p50.toFixed(1)} ms, p99 ${e.stages.commitToPublishedMs.p99.toFixed(1)} ms; ` +
      `published → projected p50 ${e.stages.publishedToProjectedMs.p50.toFixed(1)} ms, p99 ${e.stages.publishedToProjectedMs.p99.toFixed(1)} ms; ` +
      cpuText(e.cpu),
  );
  if (e.failures > 0) {
    step(`end to end: ${e.failures} requests failed: ${JSON.stringify(e.failureReasons)}; intake's last warnings:`);
    console.log(
      intake.output
        .join('')
        .split('\n')
        .filter((l) => l.trim())
        .slice(-15)
        .join('\n'),
    );
  }
}
const e2e = await endToEnd(E2E_RATE, E2E_SECONDS);
reportEndToEnd(e2e);
/**
 * The same path at a quarter of that rate: what one case costs end to end when the machine is not near full. With
 * the rate above, it shows how much of the time is queueing for two shared cores (intake, its relay, Kafka, the
 * timeline, Postgres and this bench's load generator all run on them) rather than the path's own work.
 */
const QUIET_RATE = Math.max(1, Math.round(E2E_RATE / 4));
step(`end to end, the same path at a quarter of the rate: ${QUIET_RATE} cases/s for ${E2E_SECONDS} s`);
const e2eQuiet = await endToEnd(QUIET_RATE, E2E_SECONDS);
reportEndToEnd(e2eQuiet);
httpAgent.destroy();
await stop(intake);
await stop(timeline);
await timelineSql.end({ timeout: 2 });
await intakeSql.end({ timeout: 2 });
if (e2eOnly) {
  await cleanup();
  process.exit(0);
}

// ---------------------------------------------------------------- 4: timeline projection, live and rebuild
const producer = createProducer(kafka);
await producer.connect();
async function produceAll(events: LinkageEvent[], topicPrefix: string) {
  for (let i = 0; i < events.length; i += 1000) {
    const byTopic = new Map<string, { key: string; value: string }[]>();
    for (const e of events.slice(i, i + 1000)) {
      const topic = topicPrefix + topicOf(e.type);
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), { key: e.subject, value: JSON.stringify(e) }]);
    }
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
  }
}
const tlPrefix = `bench${sfx}tl.`;
await topicsFor(tlPrefix);
const tlDb = await freshDb('projection');
const tl = await start('case-timeline', tlDb, tlPrefix, { SCHEDULER_ENABLED: 'false' });
const tlSql = postgres(tlDb, { max: 2, onnotice: () => {} });
const tlEvents: LinkageEvent[] = [];
for (let i = 0; i < Number(opt['timeline-cases']); i++) tlEvents.push(...dvCaseEvents(randomUUID(), Date.now()));
step(`timeline live: ${tlEvents.length} events produced to a joined case-timeline`);
const inboxCount = async (sql: postgres.Sql) =>
  (await sql<{ n: number }[]>`select count(*)::int as n from inbox`)[0]!.n;
/**
 * Wait (bounded) until `n` events are in the inbox; if not all in time, the rate of those that are, marked incomplete.
 */
async function drain(sql: postgres.Sql, n: number, t0: number, boundMs: number) {
  const deadline = Date.now() + boundMs;
  let applied = 0;
  while ((applied = await inboxCount(sql)) < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const seconds = (performance.now() - t0) / 1000;
  return { events: n, applied, complete: applied >= n, seconds, perS: applied / seconds };
}
const liveT0 = performance.now();
await produceAll(tlEvents, tlPrefix);
const live = await drain(tlSql, tlEvents.length, liveT0, 240_000);
if (!live.complete)
  step(
    `timeline live: only ${live.applied} of ${live.events} applied within the bound (dead letters? see npm run dlq with TOPIC_PREFIX=${tlPrefix})`,
  );
step(`timeline live: ${live.perS.toFixed(0)} events/s`);
await stop(tl);
await tlSql.end({ timeout: 2 });
step('timeline rebuild from offset zero');
const tlEnv = serviceEnv({
  databaseUrl: tlDb,
  brokers,
  topicPrefix: tlPrefix,
  extra: { LOG_LEVEL: 'warn', SCHEDULER_ENABLED: 'false' },
});
const rebuildCpu = cpuWindow({});
const rb = await rebuild(timelineConfig(tlEnv), logger);
const rebuildCpuUsed = rebuildCpu();
// The same rebuild again in this process: its code is now compiled (JIT). The first is what one `npm run
// timeline:rebuild` of these 12,000 events costs, and the target is judged on it; the second is closer to the rate a
// longer replay (a year of a district's events) settles at.
const again = await rebuild(timelineConfig(tlEnv), logger);
const rebuilt = {
  complete: live.complete,
  events: rb.events,
  seconds: rb.seconds,
  perS: rb.events / rb.seconds,
  replaySeconds: rb.replaySeconds,
  replayPerS: rb.events / rb.replaySeconds,
  skipped: rb.skipped,
  /** the first rebuild's window (its migrations and idle check included): the rebuild runs in this process */
  cpu: rebuildCpuUsed,
  again: { events: again.events, seconds: again.seconds, perS: again.events / again.seconds },
};
step(
  `timeline rebuild: ${rebuilt.perS.toFixed(0)} events/s (${rebuilt.replayPerS.toFixed(0)} events/s after the group ` +
    `join); a second time in the same process ${rebuilt.again.perS.toFixed(0)} events/s; the first: ${cpuText(rebuilt.cpu)}`,
);

// ---------------------------------------------------------------- 5: dv-referral
const dvPrefix = `bench${sfx}dv.`;
await topicsFor(dvPrefix);
const dvDb = await freshDb('dv');
const dv = await start('dv-referral', dvDb, dvPrefix, { SCHEDULER_ENABLED: 'false', RELAY_ENABLED: 'false' });
const dvSql = postgres(dvDb, { max: 2, onnotice: () => {} });
const dvEvents = Array.from({ length: Number(opt['dv-events']) }, (_, i) =>
  referralRequestedEvent({ street: streets[i % streets.length] }),
);
step(`dv-referral: ${dvEvents.length} referral requests produced to a joined dv-referral`);
const dvT0 = performance.now();
await produceAll(dvEvents, dvPrefix);
const dvDrained = await drain(dvSql, dvEvents.length, dvT0, 240_000);
const dvReferrals = (await dvSql<{ n: number }[]>`select count(*)::int as n from referrals`)[0]!.n;
const dvResult = { ...dvDrained, referralsCreated: dvReferrals };
step(`dv-referral: ${dvResult.perS.toFixed(0)} events/s (${dvReferrals} referrals)`);
await stop(dv);
await dvSql.end({ timeout: 2 });
await producer.disconnect();

// ---------------------------------------------------------------- report
const version = (cmd: string, args: string[]) =>
  spawnSync(cmd, args, { encoding: 'utf8' }).stdout.trim().split('\n')[0];
const pgVersion = await (async () => {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const [r] = await sql<
    { v: string; sc: string }[]
  >`select version() as v, current_setting('synchronous_commit') as sc`;
  await sql.end({ timeout: 2 });
  return r!;
})();
const pkg = (p: string) =>
  (JSON.parse(readFileSync(resolve(REPO_ROOT, 'node_modules', p, 'package.json'), 'utf8')) as { version: string })
    .version;
const targets = {
  intakeVsCeiling: { value: intakeMax.rps / ceiling.tps, target: 0.4, met: intakeMax.rps / ceiling.tps >= 0.4 },
  // latencies are of every response: a run with any refused or failed request is not a result
  intakeP99AtHalf: {
    value: intakeHalf.p99,
    target: 50,
    met: intakeHalf.p99 <= 50 && intakeHalf.non2xx + intakeHalf.errors === 0,
  },
  // met only at the rate the issue asks (200/s): a lower offered rate is reported, not counted
  e2eP50: { value: e2e.p50, target: 20, met: e2e.p50 <= 20 && e2e.achievedPerS >= RATE * 0.95 },
  e2eP99: { value: e2e.p99, target: 100, met: e2e.p99 <= 100 && e2e.achievedPerS >= RATE * 0.95 },
  timelineLive: { value: live.perS, target: 5000, met: live.complete && live.perS >= 5000 },
  timelineRebuild: { value: rebuilt.perS, target: 20000, met: rebuilt.perS >= 20000 },
  dvReferral: { value: dvResult.perS, target: 2000, met: dvResult.complete && dvResult.perS >= 2000 },
};
const report = {
  startedAt: startedAt.toISOString(),
  finishedAt: new Date().toISOString(),
  machine: {
    ...machineAtStart,
    loadavgAtEnd: machine().loadavg,
    note: 'loadavg is the 1/5/15-minute load; above nproc means other work shared the CPUs during the run',
  },
  versions: {
    node: process.version,
    postgres: pgVersion.v,
    synchronousCommit: pgVersion.sc,
    pgbench: version(PGBENCH, ['--version']),
    kafkajs: pkg('kafkajs'),
    postgresJs: pkg('postgres'),
    autocannon: pkg('autocannon'),
    commit: version('git', ['-C', REPO_ROOT, 'rev-parse', '--short', 'HEAD']),
  },
  options: { concurrency: C, seconds: SECONDS, rate: RATE, e2eSeconds: E2E_SECONDS },
  ceiling: {
    tps: ceiling.tps,
    latencyAvgMs: ceiling.latencyMs,
    rowsPerCase: written.map((t) => ({ table: t.table, rows: t.rows.length })),
  },
  intake: {
    max: intakeMax,
    halfRate: { offeredPerS: half, paced: true, ...intakeHalf, server: halfServer, cpu: halfCpuUsed },
    /** the same rate in autocannon's per-second bursts (not judged) */
    halfRateBursts: { offeredPerS: half, ...intakeHalfBursts },
    ratioToCeiling: intakeMax.rps / ceiling.tps,
  },
  endToEnd: e2e,
  endToEndQuarterRate: e2eQuiet,
  timeline: { live, rebuild: rebuilt },
  dvReferral: dvResult,
  targets,
};
const dir = resolve(REPO_ROOT, '.local/bench');
mkdirSync(dir, { recursive: true });
const file = join(dir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify(report, null, 2) + '\n');

const ok = (m: boolean) => (m ? 'met' : 'NOT met');
const refused = (c: Cannon) =>
  c.non2xx + c.errors > 0
    ? ` (${c.non2xx + c.errors} of ${c.total} not 201: ${Object.entries(c.statuses)
        .filter(([code]) => code !== '201')
        .map(([code, n]) => `${n}×${code}`)
        .join(', ')})`
    : '';
const rowsTable = [
  ['path', 'figure', 'vs', 'target', ''],
  ['ceiling: pgbench, same rows, one tx', `${f(ceiling.tps)} tx/s (c=${C})`, '', '', ''],
  [
    'intake POST /cases (HTTP)',
    `${f(intakeMax.rps)} cases/s, p50 ${f(intakeMax.p50)} ms, p99 ${f(intakeMax.p99)} ms, ` +
      `${f(intakeMax.cpuMsPerCase, 1)} ms CPU/case${refused(intakeMax)}`,
    `${f(100 * targets.intakeVsCeiling.value, 1)}% of ceiling`,
    '≥ 40%',
    ok(targets.intakeVsCeiling.met),
  ],
  [
    'intake at half that rate',
    `${f(intakeHalf.rps)} cases/s, p50 ${f(intakeHalf.p50)} ms, p99 ${f(intakeHalf.p99)} ms${refused(intakeHalf)}`,
    '',
    'p99 ≤ 50 ms',
    ok(targets.intakeP99AtHalf.met),
  ],
  [
    '  the same rate in autocannon bursts',
    `p50 ${f(intakeHalfBursts.p50)} ms, p99 ${f(intakeHalfBursts.p99)} ms${refused(intakeHalfBursts)}`,
    'a burst at full speed each second',
    '',
    '',
  ],
  [
    'end to end 201 → timeline',
    `p50 ${f(e2e.p50, 1)} ms, p99 ${f(e2e.p99, 1)} ms (relay p50 ${f(e2e.stages.commitToPublishedMs.p50, 1)}, ` +
      `projection p50 ${f(e2e.stages.publishedToProjectedMs.p50, 1)})`,
    `${f(e2e.achievedPerS)}/s achieved, ${E2E_RATE}/s offered (${RATE}/s asked)`,
    'p50 ≤ 20, p99 ≤ 100 ms',
    ok(targets.e2eP50.met && targets.e2eP99.met),
  ],
  [
    '  the same at a quarter of the rate',
    `p50 ${f(e2eQuiet.p50, 1)} ms, p99 ${f(e2eQuiet.p99, 1)} ms (relay p50 ${f(e2eQuiet.stages.commitToPublishedMs.p50, 1)})`,
    `${f(e2eQuiet.achievedPerS)}/s; machine ${f(e2eQuiet.cpu.machineBusyPct)}% busy (${f(e2e.cpu.machineBusyPct)}% above)`,
    '',
    '',
  ],
  [
    'timeline projection, live',
    `${f(live.perS)} events/s`,
    `${live.applied} of ${live.events} events`,
    '≥ 5,000/s',
    ok(targets.timelineLive.met),
  ],
  [
    'timeline rebuild from offset 0',
    `${f(rebuilt.perS)} events/s`,
    `${f(rebuilt.replayPerS)}/s after join; ${f(rebuilt.again.perS)}/s again`,
    '≥ 20,000/s',
    ok(targets.timelineRebuild.met),
  ],
  [
    'dv-referral: referral requests',
    `${f(dvResult.perS)} events/s`,
    `${dvResult.applied} of ${dvResult.events} events`,
    '≥ 2,000/s',
    ok(targets.dvReferral.met),
  ],
];
const widths = rowsTable[0]!.map((_, i) => Math.max(...rowsTable.map((r) => r[i]!.length)));
console.log(
  `\nnproc ${machineAtStart.nproc}, load ${machineAtStart.loadavg.join(' ')} at start, ${report.machine.loadavgAtEnd.join(' ')} at end; ${report.versions.postgres.split(' on ')[0]}, synchronous_commit=${pgVersion.sc}\n`,
);
for (const [i, r] of rowsTable.entries()) {
  console.log(`| ${r.map((c, j) => c.padEnd(widths[j]!)).join(' | ')} |`);
  if (i === 0) console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
}
console.log(`\nwritten ${file}${opt['cpu-prof'] ? `; CPU profiles in ${profileDir}` : ''}`);
await cleanup();
process.exit(0);
