import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { REPO_ROOT } from './infra.ts';

/**
 * The directory the vitest global setup makes for this run's service bundles (unset outside a test run:
 * startService then runs the TypeScript entry point with tsx, as before).
 */
export const BUNDLES_ENV = 'LINKAGE_SERVICE_BUNDLES';

/**
 * Bundle the workspace code (every `@linkage/*` package and the service's own files) into one ES module;
 * every other package stays an import of the very file Node would load for it (its absolute path, as
 * esbuild resolves it from the importing file with Node's rules: `main`, no `module` field or condition),
 * so third-party code runs unchanged and nested versions stay nested.
 *
 * `import.meta.url` in each workspace file becomes that file's own URL, so paths made from it (a service's
 * `../drizzle` migrations, @linkage/db's shared migrations, the dev keys folder, the console's dist)
 * name the same files as when the source runs under tsx.
 */
const workspaceOnly: Plugin = {
  name: 'linkage-workspace-only',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (a) => {
      if (a.path.startsWith('@linkage/') || a.pluginData === 'inner') return undefined;
      const r = await b.resolve(a.path, {
        resolveDir: a.resolveDir,
        kind: a.kind,
        importer: a.importer,
        pluginData: 'inner',
      });
      if (r.errors.length > 0) return { errors: r.errors };
      // node: built-ins (and bare built-in names) resolve to themselves
      return { path: r.external || !r.path.startsWith('/') ? a.path : r.path, external: true };
    });
    b.onLoad({ filter: /\.tsx?$/ }, async (a) => ({
      contents: (await readFile(a.path, 'utf8')).replaceAll(
        'import.meta.url',
        JSON.stringify(pathToFileURL(a.path).href),
      ),
      loader: a.path.endsWith('.tsx') ? 'tsx' : 'ts',
    }));
  },
};

/** Build `services/<name>/src/server.ts` into `<dir>/<name>.mjs` (once per directory) and return its path. */
export async function buildServiceBundle(name: string, dir: string): Promise<string> {
  return buildBundle(`services/${name}/src/server.ts`, dir, name);
}

/** Build the repository file `entry` into `<dir>/<out>.mjs` (once per directory) and return its path. */
async function buildBundle(entry: string, dir: string, name: string): Promise<string> {
  const out = join(dir, `${name}.mjs`);
  if (existsSync(out)) return out;
  mkdirSync(dir, { recursive: true });
  // Another test file may build the same bundle: write aside, then rename (atomic) into place.
  const tmp = `${out}.${process.pid}.tmp`;
  await build({
    entryPoints: [resolve(REPO_ROOT, entry)],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Node's resolution for the packages left external (see workspaceOnly)
    mainFields: ['main'],
    conditions: [],
    sourcemap: 'inline',
    logLevel: 'warning',
    plugins: [workspaceOnly],
  });
  renameSync(tmp, out);
  return out;
}

const building = new Map<string, Promise<string>>();

/** This run's bundle of the service, built on first use; undefined outside a vitest run of the int/e2e tiers. */
export function serviceBundle(name: string): Promise<string> | undefined {
  return bundleOnce(name, (dir) => buildServiceBundle(name, dir));
}

/**
 * This run's bundle of what a service's outbox relay thread runs (@linkage/service-kit's relay-thread-main.ts): a
 * service started from its bundle is given it (RELAY_THREAD_ENTRY), so its relay thread does not load TypeScript with
 * tsx (2.5 s of CPU at every start).
 */
export function relayThreadBundle(): Promise<string> | undefined {
  return bundleOnce('relay-thread', (dir) =>
    buildBundle('packages/service-kit/src/relay-thread-main.ts', dir, 'relay-thread'),
  );
}

function bundleOnce(name: string, build: (dir: string) => Promise<string>): Promise<string> | undefined {
  const dir = process.env[BUNDLES_ENV];
  if (!dir) return undefined;
  let p = building.get(name);
  if (!p) {
    p = build(dir);
    building.set(name, p);
    p.catch(() => building.delete(name));
  }
  return p;
}
