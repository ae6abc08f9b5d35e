import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createKafka, ensureTopics } from '@linkage/messaging';
import {
  freshDatabase,
  freshTopicPrefix,
  serviceEnv,
  startService,
  testInfra,
  tokenFor,
  type RunningService,
} from '@linkage/testing';
import type { TokenClaims } from '@linkage/auth';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../scripts/schemathesis.sh', import.meta.url));

/**
 * Schemathesis (property-based API testing from each service's own OpenAPI document) against the
 * five services running as processes. For every documented operation it sends generated valid
 * and invalid requests, the same requests without the token, and undeclared methods, and checks:
 * - not_a_server_error: no 5xx;
 * - status_code_conformance, content_type_conformance, response_schema_conformance: every
 *   response is documented — status, media type (application/problem+json for errors) and body;
 * - ignored_auth: every operation that declares bearer auth answers 401 without a valid token;
 * - unsupported_method / allow_header_conformance: an undeclared method is a 405 with Allow.
 * Each service is driven with the role that may call most of its operations.
 */
const SERVICES: { name: string; role: TokenClaims['role']; dept: string }[] = [
  { name: 'intake', role: 'wf_caseworker', dept: 'wf:district' },
  { name: 'dv-referral', role: 'police_officer', dept: 'police:xinqi' },
  { name: 'legal-aid', role: 'legal_aid_officer', dept: 'legal_aid:beilun' },
  { name: 'elder-care', role: 'elder_care_officer', dept: 'civil_affairs:district' },
  { name: 'case-timeline', role: 'coordinator', dept: 'wcw:district' },
];
const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  'ignored_auth',
  'unsupported_method',
  'allow_header_conformance',
].join(',');
/** Examples per operation and phase: bounded so the whole step stays within a few minutes. */
const MAX_EXAMPLES = process.env.SCHEMATHESIS_MAX_EXAMPLES ?? '5';

interface Outcome {
  service: string;
  exitCode: number;
  operations: number;
  generated: number;
  failures: Record<string, number>;
  errors: number;
  report: string;
}

describe('schemathesis over every service’s OpenAPI document', () => {
  const { brokers } = testInfra();
  const prefix = freshTopicPrefix();
  const svcs: RunningService[] = [];
  let st: string;

  beforeAll(async () => {
    // Pinned schemathesis in a virtualenv under ~/.cache/linkage (installed on first use).
    st = (await run('bash', [SCRIPT], { timeout: 240_000 })).stdout.trim();
    await ensureTopics(
      createKafka({ brokers, clientId: 'e2e-schemathesis', logger: pino({ level: 'silent' }) }),
      prefix,
    );
    const started = await Promise.allSettled(
      SERVICES.map(async (s) => {
        const databaseUrl = await freshDatabase(`e2e_st_${s.name.replace('-', '_')}`);
        // A generous rate limit: thousands of generated requests come from one token.
        return startService(
          s.name,
          serviceEnv({
            databaseUrl,
            brokers,
            topicPrefix: prefix,
            extra: { LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '1000000' },
          }),
          120_000,
        );
      }),
    );
    // keep every one that started, so afterAll stops them even if another failed to start
    for (const r of started) if (r.status === 'fulfilled') svcs.push(r.value);
    const failed = started.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }, 400_000);

  afterAll(async () => {
    await Promise.all(svcs.map((s) => s.kill('SIGTERM')));
  });

  async function schemathesis(svc: RunningService, role: TokenClaims['role'], dept: string): Promise<Outcome> {
    const dir = mkdtempSync(join(tmpdir(), `st-${svc.name}-`));
    const args = [
      'run',
      `${svc.url}/docs/json`,
      '--url',
      svc.url,
      '--header',
      `Authorization: Bearer ${tokenFor(role, dept)}`,
      '--checks',
      CHECKS,
      // generated examples, boundary/negative coverage and fuzzing (the stateful phase is left out for time)
      '--phases',
      'examples,coverage,fuzzing',
      '--max-examples',
      MAX_EXAMPLES,
      '--seed',
      '20261128',
      '--no-shrink',
      // one worker: hypothesis' lambda descriptions call ast.parse, which is not thread-safe on CPython 3.11
      '--workers',
      '1',
      '--request-timeout',
      '20',
      '--warnings',
      'off',
      '--report',
      'junit',
      '--report-dir',
      dir,
    ];
    // cwd: the temporary folder, so schemathesis' and hypothesis' caches stay out of the repository
    const res = await run(st, args, {
      cwd: dir,
      timeout: 300_000,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, NO_COLOR: '1', SCHEMATHESIS_TELEMETRY: 'false' },
    }).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({
        code: typeof e.code === 'number' ? e.code : -1,
        stdout: `${e.stdout ?? ''}${e.stderr ?? ''}`,
      }),
    );
    const junitFile = readdirSync(dir).find((f) => f.startsWith('junit'));
    const junit = junitFile ? readFileSync(resolve(dir, junitFile), 'utf8') : '';
    const failures: Record<string, number> = {};
    for (const m of junit.matchAll(/<failure type="failure" message="([^"]+)"/g))
      failures[m[1]!] = (failures[m[1]!] ?? 0) + 1;
    const suite = /<testsuite [^>]*errors="(\d+)"[^>]*tests="(\d+)"/.exec(junit);
    return {
      service: svc.name,
      exitCode: res.code,
      operations: suite ? Number(suite[2]) : 0,
      generated: Number(/(\d+) generated/.exec(res.stdout)?.[1] ?? 0),
      failures,
      errors: suite ? Number(suite[1]) : -1,
      report: res.stdout.slice(-6000),
    };
  }

  it('finds no server error, no undocumented response, no ignored authentication, in any service', async () => {
    // Two lanes of one schemathesis process each (about 5,400 and 4,500 cases): on two cores a single
    // run left one core idle while it waited for the service; a third lane only competes. Output order
    // stays that of SERVICES.
    const lanes = [
      ['intake', 'elder-care', 'case-timeline'],
      ['dv-referral', 'legal-aid'],
    ];
    expect(lanes.flat().sort()).toEqual(SERVICES.map((s) => s.name).sort());
    const byName = new Map<string, Outcome>();
    await Promise.all(
      lanes.map(async (lane) => {
        for (const name of lane) {
          const s = SERVICES.find((x) => x.name === name)!;
          byName.set(
            name,
            await schemathesis(
              svcs.find((x) => x.name === name)!,
              s.role,
              s.dept,
            ),
          );
        }
      }),
    );
    const outcomes = SERVICES.map((s) => byName.get(s.name)!);
    console.log(
      [
        'schemathesis (max examples per operation: ' + MAX_EXAMPLES + ')',
        ...outcomes.map(
          (o) =>
            `  ${o.service.padEnd(14)} operations ${String(o.operations).padStart(3)}  test cases ${String(o.generated).padStart(5)}  failures ${JSON.stringify(o.failures)}  errors ${o.errors}`,
        ),
      ].join('\n'),
    );
    for (const o of outcomes) {
      expect(o.operations, `${o.service}: no operations tested\n${o.report}`).toBeGreaterThan(0);
      expect(o.generated, `${o.service}: no test cases\n${o.report}`).toBeGreaterThan(0);
      expect({ service: o.service, failures: o.failures, errors: o.errors }, o.report).toEqual({
        service: o.service,
        failures: {},
        errors: 0,
      });
      expect(o.exitCode, o.report).toBe(0);
    }
  }, 600_000);
});
