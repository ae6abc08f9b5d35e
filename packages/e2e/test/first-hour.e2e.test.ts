import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, queryOnce, REPO_ROOT } from '@linkage/testing';
import { bash, newcomerEnv, outputOf, processesUnder, runMarked, running, shellBlocks } from '../src/first-hour.ts';

/** The ports the README's commands use (infra/services.sh): the console and the five services. */
const SERVICE_PORTS = {
  console: 4100,
  intake: 4101,
  'dv-referral': 4102,
  'legal-aid': 4103,
  'elder-care': 4104,
  'case-timeline': 4105,
};
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** Whether nothing listens on 127.0.0.1:port (a listen there succeeds). */
function portFree(port: number): Promise<boolean> {
  return new Promise((res) => {
    const s = createServer();
    s.once('error', () => res(false));
    s.listen(port, '127.0.0.1', () => s.close(() => res(true)));
  });
}

async function busyPorts(ports: number[]): Promise<number[]> {
  const busy: number[] = [];
  for (const p of ports) if (!(await portFree(p))) busy.push(p);
  return busy;
}

/** The first command of the README's "## The two commands" block, without its comment. */
function firstCommand(readme: string): string {
  const [block] = shellBlocks(readme, 'The two commands');
  const line = block?.split('\n')[0] ?? '';
  return line.replace(/#.*$/, '').trim();
}

/**
 * A newcomer's first hour, as the README tells it, from a clean clone of the committed HEAD: `npm start` (npm ci,
 * Postgres, Kafka, migrations, the services, the demo data), the "## Using it" commands run verbatim with bash, the
 * token command's help and its refusal of a misspelt department, a second `npm start` that seeds nothing again, and
 * `npm stop` leaving nothing running. The only environment added is where the infrastructure goes (the test tier's
 * own Kafka and Postgres hold the default ports): LINKAGE_STATE, PG_PORT, KAFKA_PORT, KAFKA_CONTROLLER_PORT. The
 * services keep the README's ports (4100–4105): no other test uses them (every other e2e test takes free ephemeral
 * ports, and the tier runs one file at a time), and the test refuses to start if anything holds them.
 */
describe('the README first hour, from a clean clone', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'linkage-first-hour-')); // 0700, as `mktemp -d` makes it
  const clone = join(tmp, 'linkage');
  const state = join(tmp, 'state');
  let env: NodeJS.ProcessEnv = {};
  let pgUrl = (db: string) => db;
  let infraPorts: number[] = [];
  let started = false;
  let stopped = false;
  let pgRealDir: string | undefined;
  const timings: Record<string, number> = {};

  /** The pids the stack's pid files name (services, supervisors, Kafka, the postmaster). */
  function pidFiles(): number[] {
    const pids: number[] = [];
    const read = (f: string) => {
      if (!existsSync(f)) return;
      const n = Number(readFileSync(f, 'utf8').split('\n')[0]);
      if (Number.isInteger(n) && n > 0) pids.push(n);
    };
    const run = join(state, 'run');
    if (existsSync(run)) for (const f of readdirSync(run)) if (f.endsWith('.pid')) read(join(run, f));
    read(join(state, 'kafka', 'kafka.pid'));
    read(join(state, 'postgres', 'data', 'postmaster.pid'));
    return pids;
  }

  /** Where the cluster's data is: as root, outside the 0700 temporary folder (postgres.sh links it from the state). */
  function pgPlace(): string | undefined {
    const link = join(state, 'postgres');
    if (!pgRealDir && existsSync(link) && lstatSync(link).isSymbolicLink()) pgRealDir = readlinkSync(link);
    return pgRealDir;
  }
  const stackPaths = () => [clone, state, ...(pgPlace() ? [pgPlace()!] : [])];

  beforeAll(async () => {
    const busy = await busyPorts(Object.values(SERVICE_PORTS));
    if (busy.length > 0)
      throw new Error(
        `${busy.length > 1 ? 'ports' : 'port'} ${busy.join(', ')} ${busy.length > 1 ? 'are' : 'is'} in use: this test runs npm start on the README's service ports 4100–4105. ` +
          'Stop whatever holds them (npm stop in the checkout that started it) and run the test again.',
      );
    execFileSync('git', ['clone', '--quiet', REPO_ROOT, clone], { stdio: 'pipe', timeout: 120_000 });
    const pgPort = await freePort();
    const kafkaPort = await freePort();
    const controllerPort = await freePort();
    infraPorts = [pgPort, kafkaPort, controllerPort];
    env = newcomerEnv({
      LINKAGE_STATE: state,
      PG_PORT: String(pgPort),
      KAFKA_PORT: String(kafkaPort),
      KAFKA_CONTROLLER_PORT: String(controllerPort),
    });
    pgUrl = (db) => `postgres://postgres@127.0.0.1:${pgPort}/${db}`;
  }, 180_000);

  afterAll(async () => {
    try {
      if (started && !stopped) await bash('npm stop', clone, env, 180_000).catch(() => undefined);
    } finally {
      // Whatever npm stop left (or everything, if it failed): the pid files, then any process of this clone or state.
      for (const pid of [...pidFiles(), ...processesUnder(stackPaths()).map((p) => p.pid)])
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      const place = pgPlace();
      if (place && !place.startsWith(tmp + '/')) rmSync(place, { recursive: true, force: true });
      rmSync(tmp, { recursive: true, force: true });
      console.log(`[first-hour] timings (s): ${JSON.stringify(timings)}`);
    }
  }, 240_000);

  /** Row counts of the demo data in the clone's databases. */
  async function demoCounts() {
    const count = async (db: string, sql: string) => Number((await queryOnce<{ n: string }>(pgUrl(db), sql))[0]!.n);
    return {
      cases: await count('linkage_intake', 'select count(*) as n from cases'),
      lawyers: await count('linkage_legal_aid', 'select count(*) as n from lawyers'),
      shelters: await count('linkage_dv_referral', 'select count(*) as n from shelters'),
      elderClients: await count('linkage_elder_care', 'select count(*) as n from clients'),
      facilities: await count('linkage_elder_care', 'select count(*) as n from facilities'),
    };
  }

  it("`npm start` (the README's first command) brings the whole system up", async () => {
    const readme = readFileSync(join(clone, 'README.md'), 'utf8');
    const command = firstCommand(readme);
    expect(command).toBe('npm start');
    started = true;
    const ran = await bash(command, clone, env, 900_000);
    timings.firstStart = Math.round(ran.ms / 1000);
    expect(ran.code, `npm start failed:\n${ran.stderr.slice(-4000)}`).toBe(0);
    expect(ran.stderr).toContain('[install] npm ci'); // a clean clone: the dependencies were installed
    console.log(`[first-hour] npm ci: ${/added \d+ packages[^\n]*/.exec(ran.stdout + ran.stderr)?.[0] ?? '?'}`);
    expect(ran.stderr).toContain('Linkage is running');
    // as root in a folder the postgres user cannot enter, initdb and pg_ctl complained about the working directory
    expect(ran.stderr).not.toMatch(/Permission denied|could not change directory/);
    for (const [name, port] of Object.entries(SERVICE_PORTS)) {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(res.status, `${name} /readyz`).toBe(200);
    }
    // Start-up and the demo seed log no warning or error (pino level >= 40) and nothing that is not JSON (a Node
    // warning, a stack trace) in any service's log: a newcomer's first logs are clean.
    for (const name of Object.keys(SERVICE_PORTS)) {
      const log = readFileSync(join(state, 'run', `${name}.log`), 'utf8');
      const bad = log
        .split('\n')
        .filter((l) => l.trim() !== '')
        .filter((l) => {
          try {
            const { level } = JSON.parse(l) as { level?: unknown };
            return typeof level !== 'number' || level >= 40;
          } catch {
            return true;
          }
        });
      expect(bad, `${name}'s log after npm start`).toEqual([]);
    }
  }, 960_000);

  it('the "## Using it" commands, run verbatim, open a case the police and the coordinator see', async () => {
    const readme = readFileSync(join(clone, 'README.md'), 'utf8');
    const blocks = shellBlocks(readme, 'Using it');
    expect(blocks.length).toBeGreaterThan(0);
    const ran = await runMarked(blocks.join('\n'), clone, env, 300_000);
    timings.usingIt = Math.round(ran.ms / 1000);
    expect(ran.code, `the README's commands failed:\n${ran.stderr}`).toBe(0);
    expect(ran.stderr, 'nothing on stderr').toBe('');

    const echoed = outputOf(ran.outputs, 'echo "case $CASE"').trim();
    expect(echoed).toMatch(new RegExp(`^case ${UUID.source}$`));
    const caseId = echoed.slice('case '.length);

    const referrals = JSON.parse(outputOf(ran.outputs, 'curl -s localhost:4102/referrals')) as {
      items: { caseId: string; department: string }[];
    };
    expect(
      referrals.items.filter((r) => r.caseId === caseId),
      `the Xinqi police's referral list has the new case (${caseId})`,
    ).toEqual([expect.objectContaining({ caseId, department: 'police' })]);

    const timelineOut = outputOf(ran.outputs, 'curl -sf "localhost:4105/cases/$CASE/timeline"');
    expect(timelineOut, "the coordinator's timeline command printed the timeline").not.toBe('');
    const timeline = JSON.parse(timelineOut) as { caseId: string; entries: { type: string }[] };
    expect(timeline.caseId).toBe(caseId);
    expect(timeline.entries.length, "the coordinator's timeline of the case has entries").toBeGreaterThan(0);
    expect(timeline.entries.map((e) => e.type)).toContain('intake.case.opened.v1');

    // The coordinator's other commands of the section: each printed an answer (JSON, CSV for the indicators), none
    // a Problem Details.
    const oversight = ran.outputs.filter((o) => /^curl -s "?localhost:4105\/oversight\//.test(o.command));
    expect(oversight.length).toBeGreaterThan(0);
    for (const { command, output } of oversight) expect(output, command).not.toBe('');
    for (const { command, output } of ran.outputs.filter((o) => o.command.startsWith('curl ')))
      expect(output, command).not.toMatch(/"status":\s*[45]\d\d/);
  }, 360_000);

  it('`npm run -s token -- --help` prints usage; a misspelt department is refused with a clear message', async () => {
    const help = await bash('npm run -s token -- --help', clone, env, 120_000);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage: npm run -s token');
    expect(help.stdout).toContain('police:<street>');
    expect(help.stderr).toBe('');

    const misspelt = await bash('npm run -s token -- --role police_officer --dept polce:xinqi', clone, env, 120_000);
    expect(misspelt.code).not.toBe(0);
    expect(misspelt.stdout, 'no token minted').toBe('');
    expect(misspelt.stderr).toContain("unknown department 'polce:xinqi' for role police_officer");
    expect(misspelt.stderr).toContain('police:<street>');
    expect(misspelt.stderr, 'no stack trace').not.toMatch(/\n\s+at /);
  }, 300_000);

  it('a second `npm start` — a day later too, once the seed’s Idempotency-Keys have expired — seeds nothing again', async () => {
    const before = await demoCounts();
    expect(before.lawyers, 'the demo lawyer is there').toBeGreaterThan(0);
    expect(before.shelters).toBeGreaterThan(0);
    // What a day (24 h, the keys' lifetime) does to the seed's keys: gone. Nothing else is touched.
    for (const db of ['linkage_intake', 'linkage_dv_referral', 'linkage_legal_aid', 'linkage_elder_care'])
      await queryOnce(pgUrl(db), "delete from idempotency_keys where key like '%demo-seed-%'");
    const ran = await bash('npm start', clone, env, 600_000);
    timings.secondStart = Math.round(ran.ms / 1000);
    expect(ran.code, `the second npm start failed:\n${ran.stderr.slice(-4000)}`).toBe(0);
    expect(ran.stderr).not.toContain('[install] npm ci'); // nothing to install the second time
    expect(await demoCounts(), 'the demo data, counted in the databases, after the second npm start').toEqual(before);
  }, 660_000);

  it('`npm stop` frees the ports and leaves nothing of the stack running', async () => {
    const pids = pidFiles();
    expect(pids.length, 'pid files of the running stack').toBeGreaterThan(0);
    const ran = await bash('npm stop', clone, env, 180_000);
    timings.stop = Math.round(ran.ms / 1000);
    expect(ran.code, `npm stop failed:\n${ran.stderr}`).toBe(0);
    stopped = true;
    expect(ran.stderr).not.toMatch(/Permission denied|could not change directory/);
    expect(await busyPorts([...Object.values(SERVICE_PORTS), ...infraPorts]), 'ports still in use').toEqual([]);
    // npm stop has returned: within a few seconds (a postmaster's last moments after pg_ctl saw its pid file go) no
    // process of the pid files is running, and none of the clone or its state.
    const leftovers = () => [
      ...pids.flatMap((pid) => (running(pid) === undefined ? [] : [`${pid} ${running(pid)}`])),
      ...processesUnder(stackPaths()).map((p) => `${p.pid} ${p.cmd}`),
    ];
    const t0 = Date.now();
    const atOnce = leftovers();
    if (atOnce.length > 0) console.log(`[first-hour] running when npm stop returned: ${atOnce.join('; ')}`);
    while (leftovers().length > 0 && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 200));
    timings.lastProcessGoneAfterStop = Math.round((Date.now() - t0) / 100) / 10;
    expect(leftovers(), 'processes of the stack still running 10 s after npm stop returned').toEqual([]);
  }, 240_000);
});
