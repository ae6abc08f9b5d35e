// The bundles the end-to-end tier runs the services from (@linkage/testing's startService builds them once per
// run): the workspace code is inside, every other import names the file Node would load, and the paths the
// source makes from import.meta.url (migrations, dev keys) still name the source tree's folders.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildServiceBundle } from '../../testing/src/bundle.ts';
import { REPO_ROOT } from '@linkage/testing';

const SERVICES = ['intake', 'dv-referral', 'legal-aid', 'elder-care', 'case-timeline'];

describe('service bundles for the end-to-end tier', () => {
  const dir = mkdtempSync(join(tmpdir(), 'linkage-bundle-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(SERVICES)(
    '%s: workspace code inside, third-party imports by absolute path, source URLs kept',
    async (name) => {
      const file = await buildServiceBundle(name, dir);
      const code = readFileSync(file, 'utf8');
      const specifiers = [...code.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)].map((m) => m[1]!);
      expect(specifiers.length).toBeGreaterThan(0);
      for (const s of specifiers) {
        if (s.startsWith('node:')) continue;
        expect(s, `${name}: ${s} is not an absolute path (Node would resolve it from ${dir})`).toMatch(/^\//);
        expect(existsSync(s), `${name}: ${s} exists`).toBe(true);
        expect(s, `${name}: only packages stay outside the bundle`).toContain('/node_modules/');
        expect(s, `${name}: workspace code is bundled`).not.toMatch(/\/node_modules\/@linkage\//);
      }
      // Every import.meta.url became its file's own URL: the service's migrations are its drizzle folder.
      expect(code).not.toContain('import.meta.url');
      const app = resolve(REPO_ROOT, `services/${name}/src/app.ts`);
      const url = [...code.matchAll(/"(file:\/\/[^"]+)"/g)].map((m) => m[1]!).find((u) => fileURLToPath(u) === app);
      expect(url, `${name}: src/app.ts's own URL is in the bundle`).toBeDefined();
      expect(existsSync(fileURLToPath(new URL('../drizzle', url)))).toBe(true);
    },
  );
});
