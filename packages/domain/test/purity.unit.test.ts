// Pure domain code loads no framework: walk the static import graph from every file under
// `services/<name>/src/domain/` (following relative imports and @linkage/* workspace packages)
// and fail if it reaches Fastify, kafkajs, drizzle, postgres.js or pino. A unit test of a rule
// then loads only the rule (the ESLint rule in eslint.config.mjs checks direct imports; this checks
// what they load in turn).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** The backend services (infra/services.sh SERVICES): every one has the same shape. */
const BACKEND_SERVICES = (
  /^SERVICES=\(([^)]*)\)/m.exec(readFileSync(join(ROOT, 'infra/services.sh'), 'utf8'))?.[1] ?? ''
)
  .trim()
  .split(/\s+/);
/** What every backend service's `src/` holds, and nothing else (issue 11: one shape). */
const SHAPE = ['app.ts', 'application', 'config.ts', 'consumers.ts', 'db', 'domain', 'routes', 'server.ts'];
const FORBIDDEN = /^(fastify|fastify-.*|@fastify\/.*|kafkajs|drizzle-orm(\/.*)?|postgres|pino(-.*)?)$/;

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : /\.tsx?$/.test(f) ? [p] : [];
  });
}

/** Runtime imports only: `import type` and `export type` are erased and load nothing. */
function importsOf(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const out: string[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
  for (const m of src.matchAll(re)) if (!m[2]) out.push(m[3]!);
  for (const m of src.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]!);
  return out;
}

function resolveWorkspace(spec: string): string | undefined {
  const [scope, name, ...rest] = spec.split('/');
  for (const top of ['packages', 'services']) {
    const pkgDir = join(ROOT, top, name!);
    const pkgJson = join(pkgDir, 'package.json');
    if (scope !== '@linkage' || !existsSync(pkgJson)) continue;
    const exportsMap = JSON.parse(readFileSync(pkgJson, 'utf8')).exports ?? {};
    const target = exportsMap[rest.length ? `./${rest.join('/')}` : '.'];
    return typeof target === 'string' ? join(pkgDir, target) : undefined;
  }
  return undefined;
}

/** The forbidden modules `entry` loads, each with the chain of files that leads there. */
export function forbiddenLoads(entry: string): string[] {
  const seen = new Set<string>();
  const found: string[] = [];
  const walk = (file: string, chain: string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of importsOf(file)) {
      if (spec.startsWith('.')) {
        const next = resolve(dirname(file), spec);
        if (existsSync(next)) walk(next, [...chain, next]);
      } else if (spec.startsWith('@linkage/')) {
        const next = resolveWorkspace(spec);
        if (next) walk(next, [...chain, next]);
      } else if (FORBIDDEN.test(spec)) {
        found.push(`${spec} via ${chain.map((f) => f.slice(ROOT.length + 1)).join(' → ')}`);
      }
    }
  };
  walk(entry, [entry]);
  return found;
}

describe('pure domain code loads no framework', () => {
  it('the walker finds a framework behind a workspace barrel (the check can fail)', () => {
    expect(forbiddenLoads(join(ROOT, 'packages/service-kit/src/index.ts')).some((l) => l.startsWith('fastify'))).toBe(
      true,
    );
    expect(forbiddenLoads(join(ROOT, 'packages/domain/src/index.ts'))).toEqual([]);
  });

  it('every backend service has the same top-level folders and files in src/', () => {
    expect(BACKEND_SERVICES.length).toBeGreaterThanOrEqual(5);
    for (const service of BACKEND_SERVICES)
      expect(readdirSync(join(ROOT, 'services', service, 'src')).sort(), service).toEqual(SHAPE);
  });

  for (const service of BACKEND_SERVICES) {
    it(`services/${service}/src/domain`, () => {
      const files = filesUnder(join(ROOT, 'services', service, 'src', 'domain'));
      expect(files.length).toBeGreaterThan(0);
      const loads = files.flatMap((f) => forbiddenLoads(f));
      expect(loads).toEqual([]);
    });
  }
});
