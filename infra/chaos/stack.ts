// A private Linkage stack for fault injection: its own Kafka (infra/local/kafka.sh) and, unless given
// one, its own Postgres (infra/local/postgres.sh, durable as npm start runs it) in a temporary
// LINKAGE_STATE on free ports, and the services under the supervisor npm start uses
// (infra/services.sh start_service / stop_service). Shared by `npm run chaos` and the short fault
// test of the end-to-end tier.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { pino } from 'pino';
import postgres from 'postgres';
import { DEV_AUDIENCE, DEV_ISSUER, generateKeyPair, type KeyPair } from '@linkage/auth';
import { createKafka, ensureTopics } from '@linkage/messaging';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);

export const ALL_SERVICES = ['intake', 'dv-referral', 'legal-aid', 'elder-care', 'case-timeline'] as const;
export type Svc = (typeof ALL_SERVICES)[number];
export const DB_OF: Record<Svc, string> = {
  intake: 'linkage_intake',
  'dv-referral': 'linkage_dv_referral',
  'legal-aid': 'linkage_legal_aid',
  'elder-care': 'linkage_elder_care',
  'case-timeline': 'linkage_case_timeline',
};

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => (typeof addr === 'object' && addr ? res(addr.port) : rej(new Error('no port'))));
    });
  });
}

/** How long kafka.sh may take to start the broker (a JVM start is slow on a loaded machine) and one metadata probe. */
const KAFKA_START_S = 300;
const KAFKA_PROBE_S = 90;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Bounded poll: the value once truthy, else undefined after timeoutMs (callers decide what that means). */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs: number,
  intervalMs = 250,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) return undefined;
    await sleep(intervalMs);
  }
}

export interface StackOptions {
  /** The state directory (Kafka and Postgres data, run/ with pid files and logs). Created. */
  state: string;
  services?: readonly Svc[];
  /** Use this Postgres (fresh databases on it) instead of starting one. */
  pgAdminUrl?: string;
  /** Extra environment for every service. */
  serviceEnv?: Record<string, string>;
  log?: (line: string) => void;
}

export interface Instance {
  name: string;
  svc: Svc;
  port: number;
  url: string;
}

export class Stack {
  readonly services: readonly Svc[];
  readonly keys: KeyPair = generateKeyPair();
  readonly instances = new Map<string, Instance>();
  readonly dbUrl = {} as Record<Svc, string>;
  pgPort = 0;
  kafkaPort = 0;
  controllerPort = 0;
  private readonly secrets = { field: randomBytes(32).toString('base64'), blind: randomBytes(32).toString('base64') };
  private readonly log: (line: string) => void;
  private closing = false;
  private readonly starting = new Set<Promise<string>>();

  constructor(readonly o: StackOptions) {
    this.services = o.services ?? ALL_SERVICES;
    this.log = o.log ?? ((l) => process.stderr.write(`[chaos] ${l}\n`));
  }

  get runDir(): string {
    return join(this.o.state, 'run');
  }
  get brokers(): string {
    return `127.0.0.1:${this.kafkaPort}`;
  }
  get pgAdminUrl(): string {
    return this.o.pgAdminUrl ?? `postgres://postgres@127.0.0.1:${this.pgPort}/postgres`;
  }

  /** Environment for infra/local/*.sh and infra/services.sh. */
  private infraEnv(): Record<string, string> {
    return {
      ...(process.env as Record<string, string>),
      LINKAGE_STATE: this.o.state,
      PG_PORT: String(this.pgPort),
      KAFKA_PORT: String(this.kafkaPort),
      KAFKA_CONTROLLER_PORT: String(this.controllerPort),
      // a loaded machine (the chaos suite runs beside everything else) starts a JVM slowly
      KAFKA_START_TIMEOUT: String(KAFKA_START_S),
      KAFKA_PROBE_TIMEOUT: String(KAFKA_PROBE_S),
    };
  }

  /** Run a command with infra/local/lib.sh and infra/services.sh loaded. */
  async bash(script: string, env: Record<string, string> = {}, timeoutMs = 180_000): Promise<string> {
    const { stdout } = await run('bash', ['-c', `source infra/local/lib.sh; source infra/services.sh; ${script}`], {
      cwd: REPO_ROOT,
      env: { ...this.infraEnv(), ...env },
      timeout: timeoutMs,
      maxBuffer: 16 << 20,
    });
    return stdout;
  }

  async up(): Promise<void> {
    mkdirSync(this.o.state, { recursive: true });
    chmodSync(this.o.state, 0o755); // Postgres runs as the postgres user when we are root
    this.kafkaPort = await freePort();
    this.controllerPort = await freePort();
    if (!this.o.pgAdminUrl) {
      this.pgPort = await freePort();
      await this.pg('up');
    }
    await this.kafka('up');
    const kafka = createKafka({ brokers: [this.brokers], clientId: 'chaos-topics', logger: pino({ level: 'silent' }) });
    await ensureTopics(kafka, '');
    for (const svc of this.services) this.dbUrl[svc] = await this.database(svc);
    await Promise.all(this.services.map(async (svc) => this.startInstance(svc, svc)));
  }

  private async database(svc: Svc): Promise<string> {
    const admin = this.pgAdminUrl;
    // inside a test run, named in its scope, so the run drops it at its end (packages/testing global-setup.ts)
    const scope = /^[0-9a-f]{1,32}$/.test(process.env.LINKAGE_TEST_SCOPE ?? '') ? process.env.LINKAGE_TEST_SCOPE : '';
    const name = this.o.pgAdminUrl
      ? `${scope ? `t${scope}_` : ''}chaos_${svc.replace('-', '_')}_${randomBytes(3).toString('hex')}`
      : DB_OF[svc];
    if (this.o.pgAdminUrl) {
      const sql = postgres(admin, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`create database ${name}`);
      } finally {
        await sql.end({ timeout: 5 });
      }
    }
    return admin.replace(/\/[^/]*$/, `/${name}`);
  }

  serviceEnvFor(svc: Svc): Record<string, string> {
    return {
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      KAFKA_BROKERS: this.brokers,
      TOPIC_PREFIX: '',
      JWT_PUBLIC_KEY: this.keys.publicKey,
      JWT_ISSUERS: DEV_ISSUER,
      JWT_AUDIENCES: DEV_AUDIENCE,
      FIELD_ENCRYPTION_KEY: this.secrets.field,
      BLIND_INDEX_KEY: this.secrets.blind,
      RELAY_POLL_MS: '500',
      // the load comes from one address and a few tokens: the rate limit is not under test here
      RATE_LIMIT_MAX: '0',
      DATABASE_URL: this.dbUrl[svc],
      ...this.o.serviceEnv,
    };
  }

  /** Start one instance (NAME = the service, or e.g. intake-2 for a second replica) under its supervisor. */
  async startInstance(name: string, svc: Svc): Promise<Instance> {
    const port = await freePort();
    const entry = `services/${svc}/src/server.ts`;
    // Known before it is started: a down() while start_service is still running (an interrupted start,
    // a test hook's timeout) must stop it too, or its supervisor outlives the stack.
    if (this.closing) throw new Error(`the stack is being stopped: ${name} not started`);
    const inst = { name, svc, port, url: `http://127.0.0.1:${port}` };
    this.instances.set(name, inst);
    const started = this.bash(`start_service ${name} ${port} "$DATABASE_URL" ${entry}`, this.serviceEnvFor(svc));
    this.starting.add(started);
    try {
      await started;
    } finally {
      this.starting.delete(started);
    }
    return inst;
  }

  async stopInstance(name: string): Promise<void> {
    await this.bash(`stop_service ${name}`);
    this.instances.delete(name);
  }

  url(name: string): string {
    const i = this.instances.get(name);
    if (!i) throw new Error(`no instance ${name}`);
    return i.url;
  }

  /** The service's pid, as its pid file names it (undefined while it is down). */
  pid(name: string): number | undefined {
    const f = join(this.runDir, `${name}.pid`);
    if (!existsSync(f)) return undefined;
    const n = Number(readFileSync(f, 'utf8').trim());
    return Number.isInteger(n) && n > 0 ? n : undefined;
  }

  /** Restarts the supervisor has made so far. */
  restarts(name: string): number {
    const f = join(this.runDir, `${name}.supervisor.json`);
    if (!existsSync(f)) return 0;
    try {
      return (JSON.parse(readFileSync(f, 'utf8')) as { restarts: number }).restarts;
    } catch {
      return 0;
    }
  }

  async ready(name: string): Promise<boolean> {
    try {
      const res = await fetch(`${this.url(name)}/readyz`, { signal: AbortSignal.timeout(3000) });
      return res.status === 200;
    } catch {
      return false;
    }
  }

  async allReady(): Promise<boolean> {
    const r = await Promise.all([...this.instances.keys()].map((n) => this.ready(n)));
    return r.every(Boolean);
  }

  pg(cmd: 'up' | 'down' | 'status'): Promise<string> {
    return this.bash(`bash infra/local/postgres.sh ${cmd}`);
  }

  kafka(cmd: 'up' | 'down' | 'status'): Promise<string> {
    // kafka.sh may spend KAFKA_START_S waiting plus one last probe: do not kill it before it gives up itself.
    return this.bash(`bash infra/local/kafka.sh ${cmd}`, {}, (KAFKA_START_S + KAFKA_PROBE_S + 30) * 1000);
  }

  kafkaPid(): number | undefined {
    const f = join(this.o.state, 'kafka', 'kafka.pid');
    return existsSync(f) ? Number(readFileSync(f, 'utf8').trim()) || undefined : undefined;
  }

  /** `pg_ctl stop -m immediate`: a crash of Postgres (no checkpoint, WAL replay on start). */
  async pgCrash(): Promise<void> {
    await this.bash(`BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1); PGD="$LINKAGE_STATE/postgres/data";
      if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/bash -c "$BIN/pg_ctl -D $PGD -m immediate -w stop"; else "$BIN/pg_ctl" -D "$PGD" -m immediate -w stop; fi >/dev/null`);
  }

  async down(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([...this.starting]); // a supervisor still being started is stopped below, not left behind
    // All at once: each waits for its service's graceful shutdown (seconds: consumers leave their groups).
    await Promise.all(
      [...this.instances.keys()].map((name) =>
        this.stopInstance(name).catch((e) => this.log(`stopping ${name}: ${String(e)}`)),
      ),
    );
    await this.kafka('down').catch((e) => this.log(`kafka down: ${String(e)}`));
    if (!this.o.pgAdminUrl) await this.pg('down').catch((e) => this.log(`postgres down: ${String(e)}`));
  }
}
