// Helpers of the first-hour test (test/first-hour.e2e.test.ts): read the README's shell blocks, run a command as
// a newcomer's shell would, and split a script's output by command.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/** The ```sh blocks of a README section (`## <title>` up to the next `## ` heading), in order. */
export function shellBlocks(readme: string, title: string): string[] {
  const lines = readme.split('\n');
  const start = lines.findIndex((l) => l.trim() === `## ${title}`);
  if (start < 0) throw new Error(`the README has no "## ${title}" section`);
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  const section = lines.slice(start + 1, end < 0 ? undefined : end);
  const blocks: string[] = [];
  let current: string[] | undefined;
  for (const line of section) {
    if (current === undefined) {
      if (line.trim() === '```sh') current = [];
    } else if (line.trim() === '```') {
      blocks.push(current.join('\n'));
      current = undefined;
    } else current.push(line);
  }
  if (current !== undefined) throw new Error(`an unclosed \`\`\`sh block in "## ${title}"`);
  return blocks;
}

/**
 * The environment a newcomer's shell has: this process's, less what the test runner, npm's lifecycle and the
 * test tier add (npm_*, VITEST*, NODE_ENV=test, the shared KAFKA_BROKERS/PG_ADMIN_URL, any LINKAGE_/PG_/KAFKA_
 * placement), plus the placement given.
 */
export function newcomerEnv(placement: Record<string, string>): NodeJS.ProcessEnv {
  const dropped = /^(npm_|VITEST|TURBO_|LINKAGE_|KAFKA_|PG_|OTEL_|JWT_)/;
  const droppedNames = new Set([
    'NODE_ENV',
    'NODE_OPTIONS',
    'TEST',
    'PORT',
    'HOST',
    'INIT_CWD',
    'DATABASE_URL',
    'LOG_LEVEL',
    'FIELD_ENCRYPTION_KEY',
    'BLIND_INDEX_KEY',
    'SEED_RUN',
  ]);
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !dropped.test(k) && !droppedNames.has(k)) env[k] = v;
  return { ...env, ...placement };
}

export interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * `bash -c <script>` in a folder, bounded: on timeout the whole process group is killed and the result says so.
 * Resolves when bash exits (the daemons npm start leaves behind may hold its pipes open; their output is not waited
 * for).
 */
export function bash(script: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Ran> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
      reject(new Error(`timed out after ${timeoutMs} ms: ${script}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({ code, signal, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

const RS = '\x1e';
const US = '\x1f';

/**
 * Run a script as it is, with a DEBUG trap before it that marks where each top-level command starts in stdout (the
 * trap prints in the shell itself, so output captured by `$(…)` is not marked). The script's text is not changed.
 */
export async function runMarked(
  script: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<Ran & { outputs: { command: string; output: string }[] }> {
  const trap = `trap 'printf "${'\\036'}%s${'\\037'}" "$BASH_COMMAND"' DEBUG\n`;
  const ran = await bash(trap + script, cwd, env, timeoutMs);
  const outputs = ran.stdout
    .split(RS)
    .slice(1)
    .map((record) => {
      const i = record.indexOf(US);
      return { command: record.slice(0, i), output: record.slice(i + 1) };
    });
  return { ...ran, outputs };
}

/** The output of the last command whose text starts with `prefix` (a loop runs one several times; fails if none). */
export function outputOf(outputs: { command: string; output: string }[], prefix: string): string {
  const found = outputs.filter((o) => o.command.startsWith(prefix));
  if (found.length === 0)
    throw new Error(
      `no command starts with ${JSON.stringify(prefix)}; ran: ${outputs.map((o) => o.command).join(' | ')}`,
    );
  return found[found.length - 1]!.output;
}

/**
 * Pids of live processes that belong to a stack: a command line naming one of `paths`, or a working directory inside
 * one of them. (The paths are a test's own temporary folders, so nothing else matches.)
 */
export function processesUnder(paths: string[]): { pid: number; cmd: string }[] {
  const found: { pid: number; cmd: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const cmd = readFileSync(join('/proc', entry, 'cmdline'), 'utf8')
        .replaceAll('\0', ' ')
        .trim();
      let cwd = '';
      try {
        cwd = readlinkSync(join('/proc', entry, 'cwd'));
      } catch {
        /* a process of another user may hide it */
      }
      if (cmd && paths.some((p) => cmd.includes(p) || cwd === p || cwd.startsWith(p + '/'))) found.push({ pid, cmd });
    } catch {
      /* exited meanwhile */
    }
  }
  return found;
}

/** The command line of a process that is running (not gone, not a zombie waiting to be reaped), else undefined. */
export function running(pid: number): string | undefined {
  try {
    const stat = readFileSync(join('/proc', String(pid), 'stat'), 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return undefined;
    return readFileSync(join('/proc', String(pid), 'cmdline'), 'utf8')
      .replaceAll('\0', ' ')
      .trim();
  } catch {
    return undefined;
  }
}
