import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT, freePort, testKeys } from '@linkage/testing';

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

export interface RunningConsole {
  url: string;
  child: ChildProcess;
  output: string[];
  stop(): Promise<void>;
}

/** The console's BFF as its own process in front of the given services, signing dev tokens with the test key. */
export async function startConsole(upstreams: Record<string, string>, extraEnv: Record<string, string> = {}): Promise<RunningConsole> {
  const port = await freePort();
  const child = spawn(resolve(REPO_ROOT, 'node_modules/.bin/tsx'), [resolve(REPO_ROOT, 'services/console/src/server/main.ts')], {
    cwd: resolve(REPO_ROOT, 'services/console'),
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      JWT_PRIVATE_KEY: testKeys().privateKey,
      INTAKE_URL: upstreams.intake!,
      DV_REFERRAL_URL: upstreams['dv-referral']!,
      LEGAL_AID_URL: upstreams['legal-aid']!,
      ELDER_CARE_URL: upstreams['elder-care']!,
      CASE_TIMELINE_URL: upstreams['case-timeline']!,
      ...extraEnv,
    },
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
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`console exited with ${child.exitCode}:\n${output.join('').slice(-3000)}`);
    const ok = await fetch(`${url}/readyz`).then((r) => r.status === 200, () => false);
    if (ok) return { url, child, output, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`console not ready within 60 s:\n${output.join('').slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Sign in on the sign-in page as a user would: pick the role and department, press 登录. */
export async function signIn(context: BrowserContext, base: string, accountLabel: string): Promise<Page> {
  context.setDefaultTimeout(30_000);
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
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) into.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => into.push(`${page.url()}: ${e.message}`));
}
