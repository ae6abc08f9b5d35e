import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createVerifier } from 'fast-jwt';
import { loadOrCreateDevKeys, mintToken } from '../src/dev-keys.ts';

const devKeys = fileURLToPath(new URL('../src/dev-keys.ts', import.meta.url));
const tsxLoader = fileURLToPath(new URL('../../../node_modules/tsx/dist/loader.mjs', import.meta.url));

/**
 * Eight processes that each load the keys from `dir` at the same moment: each says it is ready, then spins until the
 * file `go` exists (created once all are ready), then calls loadOrCreateDevKeys. Their public keys, in order.
 */
async function loadTogether(dir: string, n = 8): Promise<string[]> {
  const go = join(dir, 'go');
  const code = [
    `const { existsSync } = await import('node:fs');`,
    `const { loadOrCreateDevKeys } = await import(${JSON.stringify(devKeys)});`,
    `process.stdout.write('ready\\n');`,
    `while (!existsSync(${JSON.stringify(go)}));`,
    `process.stdout.write(JSON.stringify(loadOrCreateDevKeys(${JSON.stringify(join(dir, 'keys'))}).publicKey));`,
  ].join('\n');
  let ready = 0;
  const results = Array.from(
    { length: n },
    () =>
      new Promise<string>((resolve, reject) => {
        const p = spawn(process.execPath, ['--import', tsxLoader, '--input-type=module', '-e', code], {
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let out = '';
        let counted = false;
        p.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (!counted && out.startsWith('ready\n')) {
            counted = true;
            if (++ready === n) writeFileSync(go, '');
          }
        });
        p.on('error', reject);
        p.on('exit', (c) =>
          c === 0 ? resolve(JSON.parse(out.slice('ready\n'.length)) as string) : reject(new Error(`exit ${c}`)),
        );
      }),
  );
  return Promise.all(results);
}

describe('the dev key pair', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('is created once when several processes start at once on a new checkout: all get the pair on disk', async () => {
    // npm start starts five services together; each used to generate and write its own pair, and a service kept a
    // public key whose private half another had overwritten (every token then a 401 there). Three rounds of eight.
    for (let round = 0; round < 3; round++) {
      const dir = mkdtempSync(join(tmpdir(), 'linkage-dev-keys-'));
      dirs.push(dir);
      const publicKeys = await loadTogether(dir);
      const onDisk = readFileSync(join(dir, 'keys', 'jwt-public.pem'), 'utf8');
      expect(new Set(publicKeys), `round ${round}: the public keys the processes loaded`).toEqual(new Set([onDisk]));
      // and the private key on disk is the other half of that public key
      const token = mintToken(
        { sub: 's', role: 'admin', dept: 'platform:ops' },
        loadOrCreateDevKeys(join(dir, 'keys')),
      );
      expect(() => createVerifier({ key: onDisk, algorithms: ['ES256'] })(token)).not.toThrow();
    }
  }, 300_000); // 24 tsx processes: slow when turbo runs every package's unit tests at once
});
