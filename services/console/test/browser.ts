import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

// No @linkage/testing here: the benchmark (plain node, no vitest) uses this file too.
export const REPO_ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');

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

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = resolve(REPO_ROOT, '.local/test-results/screenshots');

/** Debian's chromium, headless, with a fresh profile and nothing phoning home. */
export async function launchChromium(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'linkage-chromium-'));
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      `--disk-cache-dir=${profile}/cache`,
    ],
  });
}

export interface RunningProcess {
  url: string;
  child: ChildProcess;
  output: string[];
  stop(): Promise<void>;
}
export type RunningConsole = RunningProcess;

/** Run `node --import tsx <entry>` on a free port and wait until /readyz answers 200. */
export async function startNode(
  name: string,
  entry: string,
  env: Record<string, string>,
  timeoutMs = 150_000,
): Promise<RunningProcess> {
  const port = await freePort();
  const child = spawn(resolve(REPO_ROOT, 'node_modules/.bin/tsx'), [resolve(REPO_ROOT, entry)], {
    cwd: resolve(REPO_ROOT, entry.split('/').slice(0, 2).join('/')),
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (b: Buffer) => {
    output.push(b.toString());
    if (output.length > 300) output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with ${child.exitCode}:\n${output.join('').slice(-3000)}`);
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return { url, child, output, stop };
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`${name} not ready within ${timeoutMs} ms:\n${output.join('').slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The console's BFF as its own process in front of the given services, signing dev tokens with `privateKey`. */
export async function startConsole(
  upstreams: Record<string, string>,
  privateKey: string,
  extraEnv: Record<string, string> = {},
): Promise<RunningConsole> {
  return startNode('console', 'services/console/src/server/main.ts', {
    JWT_PRIVATE_KEY: privateKey,
    INTAKE_URL: upstreams.intake!,
    DV_REFERRAL_URL: upstreams['dv-referral']!,
    LEGAL_AID_URL: upstreams['legal-aid']!,
    ELDER_CARE_URL: upstreams['elder-care']!,
    CASE_TIMELINE_URL: upstreams['case-timeline']!,
    ...extraEnv,
  });
}

/** Sign in on the sign-in page as a user would: pick the role and department, press 登录. */
export async function signIn(context: BrowserContext, base: string, accountLabel: string): Promise<Page> {
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  await page.goto(`${base}/sign-in`);
  await page.locator('.ant-select-selection-search-input').fill(accountLabel);
  await page.locator('.ant-select-item-option', { hasText: accountLabel }).first().click();
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  return page;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Collect Content-Security-Policy violations and page errors (a strict CSP must not break the app). */
export function watchProblems(page: Page, into: string[]): void {
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text()))
      into.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => into.push(`${page.url()}: ${e.message}`));
}
