import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createVerifier } from 'fast-jwt';
import { ROLES, STREETS } from '@linkage/contracts';
import { checkDevDept, generateKeyPair, isKnownDept, ROLE_DEPARTMENTS } from '../src/index.ts';
import { runTokenCli } from '../src/cli/token-cli.ts';

const keys = generateKeyPair();
function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runTokenCli(argv, {
    out: (s) => out.push(s),
    err: (s) => err.push(s),
    privateKey: () => keys.privateKey,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run token', () => {
  it('--help prints the usage with every role and its departments, exit 0', () => {
    for (const flag of ['--help', '-h']) {
      const r = run(flag);
      expect(r.code).toBe(0);
      expect(r.err).toBe('');
      expect(r.out).toContain('usage: npm run -s token -- --role <role> --dept <department>');
      for (const role of ROLES)
        expect(r.out).toMatch(new RegExp(`^  ${role} +${ROLE_DEPARTMENTS[role].join(', ')}$`, 'm'));
    }
  });

  it('the entry point prints the usage for --help instead of a stack trace', () => {
    const entry = fileURLToPath(new URL('../src/cli/mint-token.ts', import.meta.url));
    const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
    // A bounded wait, generous: starting tsx took over 20 s on a loaded machine (a CI run failed on it).
    const p = spawnSync(tsx, [entry, '--help'], { encoding: 'utf8', timeout: 120_000 });
    expect(p.error, 'the CLI did not finish within 120 s').toBeUndefined();
    expect(p.stderr).not.toMatch(/ERR_PARSE_ARGS|at .*\.js:\d+/);
    expect(p.stdout).toContain('usage: npm run -s token');
    expect(p.status).toBe(0);
  }, 150_000);

  it('an unknown option is a usage error (exit 2), not a crash', () => {
    const r = run('--rol', 'police_officer');
    expect(r.code).toBe(2);
    expect(r.err).toContain("Unknown option '--rol'");
    expect(r.err).toContain('usage:');
    expect(r.out).toBe('');
  });

  it('mints a verifiable token for a role in one of its departments', () => {
    const r = run('--role', 'police_officer', '--dept', 'police:xinqi', '--streets', 'xinqi');
    expect(r.code).toBe(0);
    const claims = createVerifier({ key: keys.publicKey, algorithms: ['ES256'] })(r.out);
    expect(claims).toMatchObject({
      role: 'police_officer',
      dept: 'police:xinqi',
      streets: ['xinqi'],
      sub: 'dev-police_officer',
    });
  });

  it('rejects a misspelt department with a message naming the right ones, and mints nothing', () => {
    const r = run('--role', 'police_officer', '--dept', 'polise:xinqi');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain("unknown department 'polise:xinqi' for role police_officer");
    expect(r.err).toContain('police_officer works in: police:<street>, police:district');
    expect(r.err).toContain('xinqi, daqi');
  });

  it('rejects an unknown street and another role’s department, saying whose it is', () => {
    expect(run('--role', 'police_officer', '--dept', 'police:xinqy').code).toBe(2);
    const r = run('--role', 'police_officer', '--dept', 'court:beilun');
    expect(r.code).toBe(2);
    expect(r.err).toContain("'court:beilun' is a department of: court_clerk");
    expect(run('--role', 'court_clerk', '--dept', 'court:beilun').code).toBe(0);
  });

  it('--allow-unknown-dept mints a department a deployment configured itself', () => {
    const r = run('--role', 'court_clerk', '--dept', 'court:zhenhai', '--allow-unknown-dept');
    expect(r.code).toBe(0);
    expect(r.out.split('.')).toHaveLength(3);
  });

  it('missing role or dept, bad role, bad ttl: exit 2 with what is wrong', () => {
    expect(run('--dept', 'wf:district').err).toContain('/role: missing');
    expect(run('--role', 'hotline_operator').err).toContain('/dept: missing');
    expect(run('--role', 'operator', '--dept', 'wf:district').code).toBe(2);
    const r = run('--role', 'hotline_operator', '--dept', 'wf:district', '--ttl', 'soon');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--ttl');
    const tooLong = run('--role', 'hotline_operator', '--dept', 'wf:district', '--ttl', String(12 * 3600 + 1));
    expect(tooLong.code).toBe(2);
    expect(tooLong.err).toContain('43200');
  });
});

describe('the departments each role works in', () => {
  it('accepts the departments the services route to', () => {
    const ok: [(typeof ROLES)[number], string][] = [
      ['hotline_operator', 'wf:district'],
      ['wf_caseworker', 'wf:xinqi'],
      ['police_officer', 'police:district'],
      ['court_clerk', 'court:beilun'],
      ['legal_aid_officer', 'legal_aid:beilun'],
      ['shelter_officer', 'shelter:beilun'],
      ['health_worker', 'health:beilun'],
      ['elder_care_officer', 'civil_affairs:daqi'],
      ['coordinator', 'wcw:district'],
      ['admin', 'platform:ops'],
      ['reporter', 'school:beilun-no1'],
      ['reporter', 'hospital:beilun-people'],
    ];
    for (const [role, dept] of ok) expect(checkDevDept(role, dept), `${role} ${dept}`).toBeNull();
    for (const street of Object.keys(STREETS)) expect(isKnownDept('police_officer', `police:${street}`)).toBe(true);
  });

  it('rejects look-alikes', () => {
    expect(isKnownDept('coordinator', 'wcw:beilun')).toBe(false);
    expect(isKnownDept('legal_aid_officer', 'legalaid:beilun')).toBe(false);
    expect(isKnownDept('elder_care_officer', 'civil:beilun')).toBe(false);
    expect(isKnownDept('reporter', 'school:')).toBe(false);
  });
});
