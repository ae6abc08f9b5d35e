// npm run chaos — fault injection against a private stack (not part of npm test).
//
// Starts its own Kafka and Postgres (temporary LINKAGE_STATE, free ports) and the five services under
// the npm start supervisor, runs a steady load of high-risk cases through intake, injects each fault
// in turn (kill -9 of each service, kill -9 of the broker, Postgres immediate restart, SIGSTOP of a
// consumer past its session timeout, two instances of each service with the relay leader killed),
// waits for quiescence after each, and counts per acknowledged case every expected effect in every
// service's database (infra/chaos/verify.ts). Prints a table, writes .local/chaos/<time>.json, and
// exits 1 on any lost or doubled effect or a service that did not recover by itself.
//
// npm run chaos -- [--faults broker,postgres,kill:intake,leader:dv-referral,sigstop] [--rate 2] [--quiesce-s 90]
// [--keep]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { topicDefinitions } from '@linkage/contracts';
import { createKafka, TopicTap } from '@linkage/messaging';
import { allFaults, runFault, type FaultOutcome } from './faults.ts';
import { Load } from './load.ts';
import { pollUntil, REPO_ROOT, sleep, Stack } from './stack.ts';
import { Verifier, type CaseReport } from './verify.ts';

const { values: opt } = parseArgs({
  options: {
    faults: { type: 'string' },
    rate: { type: 'string', default: '2' },
    'quiesce-s': { type: 'string', default: '90' },
    'ready-s': { type: 'string', default: '180' },
    'between-s': { type: 'string', default: '10' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (opt.help) {
  process.stdout.write(
    'npm run chaos -- [--faults NAME,…] [--rate cases/s] [--quiesce-s N] [--ready-s N] [--between-s N] [--keep]\n' +
      'fault names: kill:<service>, broker, postgres, sigstop, leader:<service> (default: all)\n',
  );
  process.exit(0);
}
const say = (l: string) => process.stderr.write(`[chaos] ${new Date().toISOString().slice(11, 19)} ${l}\n`);
const rate = Number(opt.rate);
const quiesceMs = Number(opt['quiesce-s']) * 1000;
const readyMs = Number(opt['ready-s']) * 1000;
const betweenMs = Number(opt['between-s']) * 1000;

const state = mkdtempSync(join(tmpdir(), 'linkage-chaos-'));
const stack = new Stack({ state, log: say });
const load = new Load(() => stack.url('intake'), stack.keys, { intervalMs: 1000 / rate, concurrency: 1 });
let verifier: Verifier | undefined;
let tap: TopicTap | undefined;

const faultKey = (name: string) =>
  name.startsWith('kill -9 ')
    ? name === 'kill -9 broker'
      ? 'broker'
      : `kill:${name.slice(8)}`
    : name.startsWith('2 × ')
      ? `leader:${name.slice(4).split(',')[0]}`
      : name.startsWith('SIGSTOP')
        ? 'sigstop'
        : 'postgres';

async function quiesce(ids: string[], dlq: () => Map<string, number>, timeoutMs: number) {
  const t0 = Date.now();
  const done = await pollUntil(
    async () => {
      const v = await verifier!.verify(ids, dlq());
      return v.complete === ids.length && v;
    },
    timeoutMs,
    3000,
  );
  return { quiesced: Boolean(done), ms: Date.now() - t0 };
}

function dlqByCase(): Map<string, number> {
  const m = new Map<string, number>();
  for (const msg of tap?.messages ?? []) if (msg.key) m.set(msg.key, (m.get(msg.key) ?? 0) + 1);
  return m;
}

// Interrupted (Ctrl-C, SIGTERM): stop what it started, never leave a stack running.
for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.once(sig, () => {
    say(`${sig}: stopping the chaos stack`);
    void load.stop().finally(() => stack.down().finally(() => process.exit(130)));
  });

let exitCode = 1;
try {
  const t0 = Date.now();
  say(
    `state ${state}; starting Postgres, Kafka and ${stack.services.length} services (this machine: ${(await import('node:os')).cpus().length} cores)`,
  );
  await stack.up();
  const ready = await pollUntil(() => stack.allReady(), readyMs, 500);
  if (!ready) throw new Error(`the stack was not ready within ${readyMs / 1000} s (logs in ${stack.runDir})`);
  say(
    `stack ready in ${((Date.now() - t0) / 1000).toFixed(0)} s: Postgres :${stack.pgPort}, Kafka :${stack.kafkaPort}, ${[...stack.instances.values()].map((i) => `${i.name} :${i.port}`).join(', ')}`,
  );
  verifier = new Verifier(stack.dbUrl);
  const kafka = createKafka({ brokers: [stack.brokers], clientId: 'chaos-dlq', logger: pino({ level: 'silent' }) });
  tap = await new TopicTap(
    kafka,
    topicDefinitions('')
      .map((t) => t.topic)
      .filter((t) => t.endsWith('.dlq')),
  ).start();

  const wanted = opt.faults?.split(',').map((s) => s.trim());
  const faults = allFaults(stack.services).filter((f) => !wanted || wanted.includes(faultKey(f.name)));
  if (wanted && faults.length !== wanted.length)
    throw new Error(
      `unknown fault in --faults (known: ${allFaults(stack.services)
        .map((f) => faultKey(f.name))
        .join(', ')})`,
    );

  load.start();
  await sleep(betweenMs);
  const outcomes: (FaultOutcome & { quiesced: boolean; quiesceMs: number })[] = [];
  for (const fault of faults) {
    load.phase = fault.name;
    say(`fault: ${fault.name} — ${fault.description}`);
    const outcome = await runFault(stack, fault, readyMs);
    await sleep(betweenMs); // load keeps running on the recovered stack
    const q = await quiesce(
      load.acked.map((c) => c.id),
      dlqByCase,
      quiesceMs,
    );
    outcomes.push({ ...outcome, quiesced: q.quiesced, quiesceMs: q.ms });
    say(
      `  recovered: ${outcome.recoveredAfterMs === null ? `NO (${outcome.notReady.join(', ')})` : `${(outcome.recoveredAfterMs / 1000).toFixed(1)} s`}; ` +
        `supervisor restarts ${JSON.stringify(outcome.supervisorRestarts)}; ${outcome.notes.join('; ')}; quiesced: ${q.quiesced ? `${(q.ms / 1000).toFixed(0)} s` : 'NO'}`,
    );
    if (fault.name.startsWith('2 × ')) await stack.stopInstance(`${fault.name.slice(4).split(',')[0]}-2`);
  }
  load.phase = 'after';
  await sleep(betweenMs);
  await load.stop();
  const ids = load.acked.map((c) => c.id);
  const final = await quiesce(ids, dlqByCase, quiesceMs * 2);
  const verdict = await verifier.verify(ids, dlqByCase());

  // Per phase: the cases acknowledged while that fault was in progress or being recovered from.
  type Row = {
    phase: string;
    acked: number;
    lost: number;
    doubled: number;
    outOfOrder: number;
    deadLettered: number;
    recovered: string;
    restarts: string;
    notes: string;
  };
  const rows: Row[] = [];
  for (const phase of ['warm-up', ...faults.map((f) => f.name), 'after']) {
    const cs = load.acked.filter((c) => c.phase === phase).map((c) => verdict.cases.get(c.id)!);
    const o = outcomes.find((x) => x.fault === phase);
    rows.push({
      phase,
      acked: cs.length,
      lost: cs.filter((c) => c.lost.length).length,
      doubled: cs.filter((c) => c.doubled.length).length,
      outOfOrder: cs.filter((c) => c.outOfOrder.length).length,
      deadLettered: cs.filter((c) => c.deadLettered).length,
      recovered: o
        ? o.recoveredAfterMs === null
          ? `NO: ${o.notReady.join(' ')}`
          : `yes ${(o.recoveredAfterMs / 1000).toFixed(1)}s`
        : '',
      restarts: o
        ? Object.entries(o.supervisorRestarts)
            .map(([n, d]) => `${n}×${d}`)
            .join(' ')
        : '',
      notes: o
        ? [...o.notes, o.quiesced ? `quiet in ${(o.quiesceMs / 1000).toFixed(0)}s` : 'NOT quiet'].join('; ')
        : '',
    });
  }
  const total = (k: 'acked' | 'lost' | 'doubled' | 'outOfOrder' | 'deadLettered') => rows.reduce((a, r) => a + r[k], 0);
  const head = [
    'fault',
    'acked',
    'lost',
    'doubled',
    'out of order',
    'DLQ',
    'recovered by itself',
    'supervisor restarts',
    'notes',
  ];
  const table = [
    ...rows.map((r) => [
      r.phase,
      r.acked,
      r.lost,
      r.doubled,
      r.outOfOrder,
      r.deadLettered,
      r.recovered,
      r.restarts,
      r.notes,
    ]),
    [
      'TOTAL',
      total('acked'),
      total('lost'),
      total('doubled'),
      total('outOfOrder'),
      total('deadLettered'),
      '',
      '',
      final.quiesced ? 'all effects present' : `not quiet after ${(quiesceMs * 2) / 1000}s`,
    ],
  ].map((r) => r.map(String));
  const widths = head.map((h, i) =>
    Math.max(h.length, ...table.map((r) => Math.min(r[i]!.length, i === 8 ? 200 : 40))),
  );
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  process.stdout.write(
    `\n${line(head)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${table.map(line).join('\n')}\n`,
  );
  process.stdout.write(
    `\neffects: ${verdict.foundEffects} of ${verdict.expectedEffects} expected found (rows and events over ${ids.length} acknowledged cases)\nload: ${JSON.stringify(load.stats)}\n`,
  );

  const bad: CaseReport[] = [...verdict.cases.values()].filter(
    (c) => c.lost.length || c.doubled.length || c.outOfOrder.length || c.deadLettered,
  );
  for (const c of bad.slice(0, 20))
    process.stdout.write(
      `  case ${c.id}: ${JSON.stringify({ lost: c.lost, doubled: c.doubled, outOfOrder: c.outOfOrder, dlq: c.deadLettered })}\n`,
    );
  if (bad.length > 20) process.stdout.write(`  … ${bad.length - 20} more in the JSON\n`);

  const outDir = join(REPO_ROOT, '.local/chaos');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        startedAt: new Date(t0).toISOString(),
        durationS: Math.round((Date.now() - t0) / 1000),
        rate,
        rows,
        outcomes,
        load: load.stats,
        effects: { expected: verdict.expectedEffects, found: verdict.foundEffects },
        finalQuiesced: final.quiesced,
        problems: bad,
      },
      null,
      2,
    ),
  );
  process.stdout.write(`\nwritten ${file}\n`);
  const unrecovered = outcomes.filter((o) => o.recoveredAfterMs === null).length;
  exitCode = total('lost') || total('doubled') || unrecovered ? 1 : 0;
  say(
    exitCode
      ? `FAILED: ${total('lost')} cases with lost effects, ${total('doubled')} doubled, ${unrecovered} faults without recovery`
      : 'passed: nothing lost, nothing doubled, every service recovered by itself',
  );
} catch (e) {
  say(`ERROR: ${(e as Error).stack ?? String(e)}`);
} finally {
  await load.stop().catch(() => undefined);
  await tap?.stop().catch(() => undefined);
  await verifier?.close().catch(() => undefined);
  say('stopping the chaos stack');
  await stack.down();
  if (!opt.keep) rmSync(state, { recursive: true, force: true });
  else say(`kept ${state}`);
}
process.exit(exitCode);
