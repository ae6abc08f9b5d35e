import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { relayThreadBundle, serviceBundle } from './bundle.ts';
import { REPO_ROOT } from './infra.ts';

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

export interface RunningService {
  name: string;
  url: string;
  port: number;
  child: ChildProcess;
  output: string[];
  /** Send a signal and wait for the process to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Start `services/<name>/src/server.ts` as its own process, and wait until /readyz answers 200. In a
 * vitest run of the int/e2e tiers the process is `node` on this run's esbuild bundle of that entry point
 * (built once per run, see bundle.ts: tsx transpiling every module again at every start took seconds of
 * CPU per service); elsewhere it is `node --import tsx` on the entry point. Either way the child is the
 * service itself, so kill('SIGKILL') kills the service (the `tsx` command is a wrapper process: a SIGKILL
 * to it left the service running, orphaned).
 */
export async function startService(
  name: string,
  env: Record<string, string>,
  timeoutMs = 240_000,
): Promise<RunningService> {
  const port = await freePort();
  const bundle = await serviceBundle(name);
  const relayBundle = bundle && (await relayThreadBundle());
  // The young-generation ceiling the services run with everywhere (infra/services.sh, infra/k8s).
  const v8 = '--max-semi-space-size=64';
  const [command, args] = bundle
    ? [process.execPath, [v8, '--enable-source-maps', bundle]]
    : [process.execPath, [v8, '--import', 'tsx', resolve(REPO_ROOT, `services/${name}/src/server.ts`)]];
  const child = spawn(command, args, {
    cwd: resolve(REPO_ROOT, `services/${name}`),
    env: {
      ...process.env,
      ...(relayBundle ? { RELAY_THREAD_ENTRY: relayBundle } : {}),
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'test',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (b: Buffer) => {
    output.push(b.toString());
    if (output.length > 500) output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = `http://127.0.0.1:${port}`;
  const svc: RunningService = {
    name,
    url,
    port,
    child,
    output,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with ${child.exitCode} during start-up:\n${output.join('').slice(-3000)}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.status === 200) return svc;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await svc.kill('SIGKILL');
      throw new Error(`${name} was not ready within ${timeoutMs} ms:\n${output.join('').slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
